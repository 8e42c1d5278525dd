/** How the files procedures read a container file through its agent (realtime's openFileDownload, wired by the server). */
export interface ContainerFilesPort {
  /** A regular file's bytes as they stream; rejects at open with the agent's words. `cancel` stops it early. */
  download(hostId: string, params: { id: string; path: string; as: "file" | "tar" }): Promise<{ chunks: AsyncIterable<Uint8Array>; cancel(): void }>;
}
