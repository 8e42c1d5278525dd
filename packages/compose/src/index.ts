export * from "./model";
export * from "./load";
export * from "./plan";
