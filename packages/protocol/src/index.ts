export * from "./version";
export * from "./errors";
export * from "./hello";
export * from "./dto";
export * from "./container-spec";
export * from "./requests";
export * from "./events";
export * from "./sockets";
