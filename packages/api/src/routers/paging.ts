import { z } from "zod";

/**
 * What a tRPC infinite query adds to each page's input besides `cursor`: which way it reads.
 * The strict parsers refuse undeclared keys, so a paged list declares it (and ignores it: pages
 * are only ever read towards older records).
 */
export const PageDirection = { direction: z.enum(["forward", "backward"]).optional() };
