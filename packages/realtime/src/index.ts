export { attachAgentGateway, type AgentGateway, type AgentGatewayDeps } from "./agent-gateway";
export { attachUiGateway, type UiGateway } from "./ui-gateway";
export { SocketAgentHub, DEFAULT_REQUEST_TIMEOUT_MS } from "./agent-hub";
export type { Logger } from "./logger";
export { StreamRelay, type StreamHandle, type StreamSink } from "./stream-relay";
export { pullImage } from "./image-pull";
export { createHostPresence, type HostPresence, type HostPresenceDeps } from "./host-presence";
export { createClusterBus, type ClusterBus } from "./cluster-bus";
export { agentRoom, type AgentChannel } from "./agent-channel";
