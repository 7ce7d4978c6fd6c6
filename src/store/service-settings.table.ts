/** One fact all processes of a deployment share (see migrations/0007_service_settings.ts). */
export interface ServiceSettingTable {
  name: string;
  value: string;
}
