export * from "./model";
export * from "./load";
