export { loadProject } from "./load-project";
export { validateFiles } from "./validate-files";
export { MAX_FILE_BYTES, MAX_SERVICES, PROJECT_NAME } from "./input-limits";
