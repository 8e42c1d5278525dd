export * from "./image-ref";
export * from "./registry-client";
export * from "./fleet-tags";
export * from "./status";
export * from "./run-check";
export * from "./update-settings";
export * from "./schedule";
export * from "./checker";
