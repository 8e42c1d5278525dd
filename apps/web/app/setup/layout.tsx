export { TitleOnly as default } from "../../src/server/page-title";
export const metadata = { title: "First-run setup" };
