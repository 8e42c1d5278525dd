/** Simulated agents for benchmarks and scale tests: protocol-level socket.io clients, no dockerd. */
export { SimAgent, type SimAgentOptions } from "./agent";
export { connectFleet, closeFleet } from "./fleet";
export { createSimHosts, type SimHostCredentials } from "./hosts";
export { simEngineState, simHandlers, simId, type SimEngineState, type SimHandlers } from "./state";
export { simFullState, sendFullState } from "./state-sync";
