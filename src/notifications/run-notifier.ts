/**
 * Tells a flow's webhooks (and the sandbox-wide ones from configuration) how its runs end, and
 * when one runs longer than the flow's threshold (AEP's is a fixed 150 minutes; here it is
 * notifications.delayedRunThresholdMinutes per flow). Bodies carry the run item, as AEP's
 * sources_flow_run_success / sources_flow_run_failure events do. A receiver gets each event once:
 * of the webhooks to one URL (as its receiver gets it, sameWebhookUrl) that take the event, the
 * flow's own goes, signed with its secret, else the sandbox's (SANDBOX_WEBHOOKS), else WEBHOOK_URL.
 */
import type { Logger } from "pino";
import { isObject, type Json } from "../aep-conventions/request-body.js";
import { runItem } from "../runs/run-details.js";
import { sandboxId } from "../aep-conventions/sandbox-id.js";
import type { Store } from "../store/database.js";
import type { FlowTable, RunTable } from "../store/dataflows.table.js";
import { findFlowById } from "../store/flows.repository.js";
import { claimDelayNotice, findRunById, listUnnotifiedRunningRuns } from "../store/runs.repository.js";
import { sameWebhookUrl } from "../store/webhooks.table.js";
import type { RunEventType, WebhookOutbox, WebhookTarget } from "./webhook-outbox.js";

export interface FlowWebhook {
  url: string;
  /** set when the webhook signs its deliveries */
  secret?: string;
  events?: string[];
}

export interface RunNotifierOptions {
  store: Store;
  outbox: WebhookOutbox;
  /** a flow's own webhooks, secrets opened */
  webhooksOf: (flow: FlowTable) => FlowWebhook[];
  /** webhooks of every flow of a sandbox, by sandbox name ("*": every sandbox) */
  sandboxWebhooks: Readonly<Record<string, readonly FlowWebhook[]>>;
  defaultDelayMinutes: number;
  logger?: Logger;
}

export class RunNotifier {
  constructor(private readonly options: RunNotifierOptions) {}

  async finished(runId: string): Promise<void> {
    const loaded = await this.load(runId);
    if (!loaded || (loaded.run.status !== "success" && loaded.run.status !== "failed")) return;
    await this.send(loaded, loaded.run.status === "success" ? "sources_flow_run_success" : "sources_flow_run_failure");
  }

  /** Sends "running too long" once per run, whichever process gets there first. */
  async checkDelayed(now: number): Promise<number> {
    const running = await listUnnotifiedRunningRuns(this.options.store.db);
    let sent = 0;
    for (const candidate of running) {
      const threshold = this.thresholdMinutes(candidate.body);
      if (candidate.started_at === null || Number(candidate.started_at) + threshold * 60_000 > now) continue;
      if (!(await claimDelayNotice(this.options.store.db, candidate.id, now))) continue;
      const loaded = await this.load(candidate.id);
      if (loaded) {
        await this.send(loaded, "sources_flow_run_delayed", now);
        sent++;
      }
    }
    return sent;
  }

  private thresholdMinutes(flowBody: string): number {
    const document = JSON.parse(flowBody) as Json;
    const configured = isObject(document.notifications) ? Number(document.notifications.delayedRunThresholdMinutes) : NaN;
    return Number.isFinite(configured) && configured > 0 ? configured : this.options.defaultDelayMinutes;
  }

  private async load(runId: string): Promise<{ run: RunTable; flow: FlowTable } | undefined> {
    const run = await findRunById(this.options.store.db, runId);
    if (!run) return undefined;
    const flow = await findFlowById(this.options.store.db, run.flow_id);
    return flow && { run, flow };
  }

  /** `now` is the process's clock aligned with the database's, which a run's lease end is by. */
  private async send({ run, flow }: { run: RunTable; flow: FlowTable }, type: RunEventType, now = Date.now()): Promise<void> {
    // the outbox keeps where each secret lives, never the secret
    const refer = (hooks: readonly FlowWebhook[], ref: string): Array<WebhookTarget & { events?: string[] }> =>
      hooks.map((hook) => ({ url: hook.url, secretRef: hook.secret ? ref : undefined, events: hook.events }));
    // the most particular first: a URL's first webhook taking this event is the one that goes
    const targets = onePerReceiver(
      [
        ...refer(this.options.webhooksOf(flow), `flow:${flow.id}`),
        ...refer(this.options.sandboxWebhooks[flow.sandbox_name] ?? [], `config:${flow.sandbox_name}`),
        ...refer(this.options.sandboxWebhooks["*"] ?? [], "config:*"),
      ].filter((hook) => !hook.events || hook.events.includes(type)),
    );
    if (targets.length === 0) return;
    const event = runItem(run, { sandboxId: sandboxId(run.ims_org_id, run.sandbox_name) }, undefined, now);
    await this.options.outbox.enqueue(targets, type, event, { imsOrgId: flow.ims_org_id, sandboxName: flow.sandbox_name });
    this.options.logger?.info({ runId: run.id, type, targets: targets.length }, "run notification queued");
  }
}

/** The first of the targets to each URL as its receiver gets it (sameWebhookUrl); the later ones to it are left out. */
function onePerReceiver<T extends WebhookTarget>(targets: readonly T[]): T[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const receiver = sameWebhookUrl(target.url);
    if (seen.has(receiver)) return false;
    seen.add(receiver);
    return true;
  });
}
