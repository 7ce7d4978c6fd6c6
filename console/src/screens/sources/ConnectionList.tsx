import type { Connection } from "../../api/flowservice";
import { describeConnection } from "./connection-kinds";

/** The source accounts, each with its kind, what it reads and how it signs in; a click opens one. */
export function ConnectionList({ connections, selected, onSelect }: { connections: Connection[]; selected?: string; onSelect: (id: string) => void }) {
  return (
    <div className="wide">
      <table aria-label="Source accounts">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Kind</th>
            <th scope="col">Reads</th>
            <th scope="col">Signs in with</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => {
            const summary = describeConnection(connection);
            return (
              <tr key={connection.id} className={connection.id === selected ? "selected" : undefined}>
                <td>
                  <button type="button" className="link" aria-pressed={connection.id === selected} onClick={() => onSelect(connection.id)}>
                    {connection.name}
                  </button>
                </td>
                <td>{summary.kind}</td>
                <td>{summary.readsFrom}</td>
                <td className={summary.expired ? "bad" : undefined}>{summary.signsInWith}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
