import { normalize } from "pathe";
import type { ComposeProject, LoadInput, LoadResult, NetworkModel, ServiceModel, StackFile, VolumeModel } from "../model";
import { configHash } from "./config-hash";
import type { ServiceContext } from "./context";
import { Diagnostics, pathText, type Path } from "./diagnostics";
import { projectVariables } from "./env";
import { resolveExtends, type FileServices } from "./extends";
import { checkInput, MAX_SERVICES } from "./input-limits";
import { interpolateTree, issueMessage } from "./interpolate-tree";
import { isPlain, mergeFiles } from "./merge";
import { normaliseService, type NormalisedService } from "./normalise-service";
import { dependencyOrder } from "./order";
import { checkAgainstProtocol, checkProject } from "./project-checks";
import { parseComposeFile, type ParsedCompose } from "./parse";
import { networkModel, resourceNames, volumeModel } from "./resources-top";
import { applyMergeTags, withoutMarkers } from "./reset-override";
import { validateSchema } from "./schema";
import { locate } from "./source-map";
import { UNSUPPORTED_TOP_LEVEL_KEYS } from "./unsupported";
import { scalarText } from "./lists";

type Plain = Record<string, unknown>;

/**
 * Compose files + variables → the normalised project, or every error found (with file, line,
 * column and path). Pure: no I/O, no process environment; the same input gives the same output.
 * Stages: input limits → parse (YAML, anchors, merge keys) → interpolate → schema → extends →
 * merge overrides → profiles → normalise each service → dependency order.
 */
export function loadProject(input: LoadInput): LoadResult {
  const diagnostics = new Diagnostics();
  const result = (project?: ComposeProject): LoadResult =>
    project && !diagnostics.failed ? { ok: true, project, warnings: diagnostics.warnings } : { ok: false, errors: diagnostics.errors, warnings: diagnostics.warnings };

  checkInput(input, diagnostics);
  if (diagnostics.failed) return result();
  const variables = projectVariables(input.dotEnv, input.environment, diagnostics);
  const stackFiles = new Map([...input.composeFiles, ...(input.otherFiles ?? [])].map((f) => [normalize(f.path), f.content]));
  const loader = new FileLoader(variables, diagnostics);
  const files = input.composeFiles.map((file) => loader.load(file));
  if (diagnostics.failed) return result();
  const loaded = files as ParsedCompose[];

  // Report where a problem is: the last file that writes that place (an override wins), else the nearest enclosing place.
  const report = (severity: "error" | "warning", path: Path, message: string, onKey = false) => {
    let best: { file: ParsedCompose; at: ReturnType<typeof locate> } | undefined;
    for (const file of [...loaded, ...loader.extra()].reverse()) {
      const at = locate(file, path, onKey);
      if (!best || at.depth > best.at.depth) best = { file, at };
      if (at.depth === path.length) break;
    }
    diagnostics.add({ severity, file: best?.file.path ?? "", line: best?.at.line, column: best?.at.column, path: pathText(path), message });
  };

  const totalServices = new Set(loaded.flatMap((f) => (isPlain(f.value.services) ? Object.keys(f.value.services) : []))).size;
  if (totalServices > MAX_SERVICES) {
    diagnostics.add({ severity: "error", file: loaded[0]!.path, message: `the stack defines ${totalServices} services: at most ${MAX_SERVICES} are allowed` });
    return result();
  }

  const merged = loaded
    .map((file): Plain => {
      const services = resolveExtends(servicesOf(file), (path) => loader.servicesIn(path, stackFiles), (_file, service, message) => report("error", ["services", service, "extends"], message));
      return { ...file.value, services };
    })
    .reduce(mergeFiles);
  const project = withoutMarkers(merged) as Plain;
  if (diagnostics.failed) return result();
  for (const file of loaded) topLevelNotes(file, input.projectName, report);

  const allServices = (isPlain(project.services) ? project.services : {}) as Record<string, Plain>;
  const enabled = Object.entries(allServices).filter(([, service]) => profileEnabled(service, input.profiles ?? []));
  const declaredNetworks = isPlain(project.networks) ? project.networks : {};
  const declaredVolumes = isPlain(project.volumes) ? project.volumes : {};
  const implicitDefault = !("default" in declaredNetworks);
  const networkNames = resourceNames(input.projectName, declaredNetworks, implicitDefault);
  const volumeNames = resourceNames(input.projectName, declaredVolumes, false);

  const usedNetworks = new Set<string>();
  const usedVolumes = new Set<string>();
  const normalised: NormalisedService[] = [];
  for (const [name, service] of enabled) {
    const ctx: ServiceContext = {
      project: input.projectName,
      service: name,
      workingDir: input.workingDir,
      variables,
      error: (path, message, onKey) => report("error", ["services", name, ...path], message, onKey),
      warn: (path, message, onKey) => report("warning", ["services", name, ...path], message, onKey),
    };
    const { model, networks, volumes } = normaliseService(name, service, { networkNames, volumeNames, files: stackFiles }, ctx, diagnostics);
    networks.forEach((n) => usedNetworks.add(n));
    volumes.forEach((v) => usedVolumes.add(v));
    model.dependsOn = model.dependsOn.filter((dependency) => {
      if (!(dependency.service in allServices)) {
        ctx.error(["depends_on", dependency.service], `service "${name}" depends on undefined service "${dependency.service}"`, true);
        return false;
      }
      const dependencyOn = enabled.some(([other]) => other === dependency.service);
      if (!dependencyOn && dependency.required) {
        ctx.error(["depends_on", dependency.service], `service "${name}" depends on "${dependency.service}", which the active profiles do not enable`, true);
      }
      return dependencyOn;
    });
    normalised.push(model);
  }

  const order = dependencyOrder(normalised);
  if ("cycle" in order) {
    report("error", ["services", order.cycle[0]!, "depends_on"], `dependency cycle between services: ${order.cycle.join(" → ")}`, true);
    return result();
  }
  const networks: NetworkModel[] = Object.keys(networkNames)
    .filter((key) => usedNetworks.has(key))
    .map((key) => {
      const config = isPlain(declaredNetworks[key]) ? declaredNetworks[key] : {};
      return networkModel(input.projectName, key, config, networkNames[key]!, (p, m, k) => report("error", p, m, k), (p, m, k) => report("warning", p, m, k));
    });
  const volumes: VolumeModel[] = Object.keys(volumeNames)
    .filter((key) => usedVolumes.has(key))
    .map((key) => volumeModel(input.projectName, key, isPlain(declaredVolumes[key]) ? declaredVolumes[key] : {}, volumeNames[key]!));
  const services: ServiceModel[] = order.ordered.map((service) => ({
    ...service,
    // Like compose's config hash: what the container is, not how many or in which order they start.
    configHash: configHash({ image: service.image, create: service.create, containerName: service.containerName, networks: service.networks }),
  }));
  checkProject(services, networks, report);
  if (!diagnostics.failed) checkAgainstProtocol(services, networks, volumes, report);
  return result({ name: input.projectName, workingDir: input.workingDir ?? "", configFiles: input.composeFiles.map((f) => f.path), services, networks, volumes });
}

function servicesOf(file: ParsedCompose): FileServices {
  return { file: normalize(file.path), services: (isPlain(file.value.services) ? file.value.services : {}) as Record<string, Plain> };
}

/** Top-level keys: `version` is obsolete (a warning, as compose says), `name` is the stack's own, and what is not implemented is said. */
function topLevelNotes(file: ParsedCompose, projectName: string, report: (severity: "error" | "warning", path: Path, message: string, onKey?: boolean) => void): void {
  if (file.value.name !== undefined && file.value.name !== projectName) {
    report("warning", ["name"], `the file names the project "${scalarText(file.value.name)}"; the stack's name "${projectName}" is used`, true);
  }
  for (const key of Object.keys(file.value)) {
    if (key === "version") report("warning", [key], "the attribute `version` is obsolete and is ignored", true);
    const unsupported = UNSUPPORTED_TOP_LEVEL_KEYS[key];
    if (unsupported) report(unsupported.severity, [key], `${key} is not supported by Dockmaster: ${unsupported.why}`, true);
  }
}

/** A service without `profiles` always runs; one with profiles runs when one of them is enabled ("*" enables all). */
function profileEnabled(service: Plain, profiles: string[]): boolean {
  if (!Array.isArray(service.profiles) || service.profiles.length === 0) return true;
  return profiles.includes("*") || service.profiles.some((p) => profiles.includes(scalarText(p)));
}

/** Parses, interpolates and validates each compose file once (those `extends: {file}` names too). */
class FileLoader {
  private readonly cache = new Map<string, ParsedCompose | undefined>();
  private readonly extras: ParsedCompose[] = [];

  constructor(
    private readonly variables: Record<string, string>,
    private readonly diagnostics: Diagnostics,
  ) {}

  load(file: StackFile): ParsedCompose | undefined {
    const key = normalize(file.path);
    if (this.cache.has(key)) return this.cache.get(key);
    const parsed = parseComposeFile(file, this.diagnostics);
    if (parsed) {
      parsed.value = interpolateTree(parsed.value, (name) => (Object.hasOwn(this.variables, name) ? this.variables[name] : undefined), (path, issue) => {
        const at = locate(parsed, path);
        this.diagnostics.add({ ...issueMessage(issue, pathText(path)), file: file.path, line: at.line, column: at.column, path: pathText(path) });
      }) as Plain;
      validateSchema(parsed, applyMergeTags(parsed.value, parsed.mergeTags, true), this.diagnostics);
      parsed.value = applyMergeTags(parsed.value, parsed.mergeTags, false);
    }
    this.cache.set(key, parsed);
    return parsed;
  }

  /** The services of another stack file, for `extends: {file}`. */
  servicesIn(path: string, stackFiles: Map<string, string>): FileServices | undefined {
    const content = stackFiles.get(path);
    if (content === undefined) return undefined;
    const known = this.cache.has(path);
    const parsed = this.load({ path, content });
    if (parsed && !known) this.extras.push(parsed);
    return parsed ? servicesOf(parsed) : undefined;
  }

  extra(): ParsedCompose[] {
    return this.extras;
  }
}
