/**
 * Backups as the API sees them: the control plane's wiring implements this over the data directory
 * (apps/web/src/server/backups); the API only lists and starts them.
 */
export interface BackupInfo {
  name: string;
  createdAt: string;
  provider: string;
  bytes: number;
  /** The secret key travels in it, encrypted with the backup passphrase (else it is referred to by fingerprint). */
  keyIncluded: boolean;
}

export interface BackupsPort {
  settings: { dir: string; keep: number; schedule: string | null; passphraseSet: boolean };
  list(): BackupInfo[];
  /** A consistent snapshot now; the oldest beyond `keep` are removed afterwards. */
  create(): Promise<{ backup: BackupInfo; removed: string[] }>;
}
