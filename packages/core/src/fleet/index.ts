export * from "./fleet-filter";
export * from "./container-query";
export * from "./snapshot-store";
export * from "./snapshot-rows";
export * from "./host-snapshot";
export * from "./problems";
export * from "./overview";
export * from "./fleet-search";
