import { z } from "zod";

/**
 * App templates in Portainer's format (v2 / v3: `{ version, templates: [...] }`), so catalogues
 * people already keep work here. Stacks use type 3 (compose) and type 2 (swarm stack files, whose
 * compose subset we run as compose); type 1 (single container) is not a stack and is skipped.
 * Built-ins embed their compose file in `stackfileContent` (our extension; Portainer ignores it);
 * others name it in `repository: { url, stackfile }`.
 */
const EnvEntry = z.object({
  name: z.string().min(1).max(256),
  label: z.string().max(256).optional(),
  description: z.string().max(1000).optional(),
  default: z.string().max(4096).optional(),
  preset: z.boolean().optional(),
});

export const PortainerTemplate = z.object({
  type: z.number().int(),
  title: z.string().min(1).max(200),
  description: z.string().max(2000).default(""),
  note: z.string().max(4000).optional(),
  categories: z.array(z.string().max(100)).max(50).optional(),
  platform: z.string().max(50).optional(),
  logo: z.string().max(2000).optional(),
  name: z.string().max(100).optional(),
  repository: z.object({ url: z.string().max(2000), stackfile: z.string().max(500) }).optional(),
  stackfileContent: z.string().max(1024 * 1024).optional(),
  env: z.array(EnvEntry).max(200).optional(),
});
export type PortainerTemplate = z.infer<typeof PortainerTemplate>;

export const PortainerCatalogue = z.object({
  version: z.string().max(10),
  templates: z.array(z.unknown()).max(5_000),
});

export interface StackTemplate {
  id: string;
  title: string;
  description: string;
  note?: string;
  categories: string[];
  logo?: string;
  source: "builtin" | "catalogue";
  /** Compose content (built-ins) or where to fetch it (catalogue entries with a repository). */
  compose?: string;
  repository?: { url: string; stackfile: string };
  env: Array<{ name: string; label?: string; description?: string; default?: string }>;
}

/** The stack templates of a catalogue; entries that are not stacks or do not parse are skipped (counted). */
export function stackTemplates(raw: unknown, source: StackTemplate["source"]): { templates: StackTemplate[]; skipped: number } {
  const catalogue = PortainerCatalogue.safeParse(raw);
  if (!catalogue.success) return { templates: [], skipped: 0 };
  const templates: StackTemplate[] = [];
  let skipped = 0;
  catalogue.data.templates.forEach((entry, i) => {
    const t = PortainerTemplate.safeParse(entry);
    if (!t.success || (t.data.type !== 2 && t.data.type !== 3) || (!t.data.stackfileContent && !t.data.repository)) return void (skipped += 1);
    templates.push({
      id: `${source}:${i}`,
      title: t.data.title,
      description: t.data.description,
      note: t.data.note,
      categories: t.data.categories ?? [],
      logo: t.data.logo,
      source,
      compose: t.data.stackfileContent,
      repository: t.data.stackfileContent ? undefined : t.data.repository,
      env: (t.data.env ?? []).map((e) => ({ name: e.name, label: e.label, description: e.description, default: e.default })),
    });
  });
  return { templates, skipped };
}

/** A template's variables as a .env (defaults filled in; empty where none). */
export function templateEnv(template: StackTemplate): string {
  return template.env.map((e) => `${e.name}=${e.default ?? ""}`).join("\n") + (template.env.length ? "\n" : "");
}

/** A project name from a title: "WordPress + MySQL" → "wordpress-mysql". */
export function projectNameFromTitle(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63) || "stack";
}
