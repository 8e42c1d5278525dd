import { ContainerCreateSpec, NetworkCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";
import type { NetworkModel, ServiceModel, VolumeModel } from "../model";
import type { Path } from "./diagnostics";

type Report = (severity: "error" | "warning", path: Path, message: string, onKey?: boolean) => void;

/**
 * Checks across services that the engine would otherwise fail half-way through a deploy: a host
 * port published twice (or by several replicas), a container name used twice, a fixed address on a
 * network without a configured subnet.
 */
export function checkProject(services: ServiceModel[], networks: NetworkModel[], report: Report): void {
  const published: { ip: string; port: string; protocol: string; service: string }[] = [];
  const names = new Map<string, string>();
  for (const service of services) {
    for (const binding of service.create.portBindings ?? []) {
      if (binding.hostPort === "") continue;
      const shown = `${binding.hostIp ? `${binding.hostIp}:` : ""}${binding.hostPort}/${binding.protocol}`;
      // All interfaces ("") and any one address of them take the same port.
      const other = published.find((p) => p.port === binding.hostPort && p.protocol === binding.protocol && (p.ip === "" || binding.hostIp === "" || p.ip === binding.hostIp));
      if (other) {
        const who = other.service === service.name ? `twice by "${service.name}"` : `by both "${other.service}" and "${service.name}"`;
        report("error", ["services", service.name, "ports"], `host port ${shown} is published ${who}`, true);
      } else if (service.replicas > 1) {
        report("error", ["services", service.name, "ports"], `"${service.name}" has ${service.replicas} replicas but publishes the fixed host port ${shown}: only one container can bind it (leave the host port out to get one each)`, true);
      }
      published.push({ ip: binding.hostIp, port: binding.hostPort, protocol: binding.protocol, service: service.name });
    }
    if (service.containerName !== undefined) {
      const other = names.get(service.containerName);
      if (other !== undefined) report("error", ["services", service.name, "container_name"], `container_name "${service.containerName}" is used by both "${other}" and "${service.name}"`);
      names.set(service.containerName, service.name);
    }
    for (const network of service.networks) {
      const model = networks.find((n) => n.name === network.name);
      if (network.ipv4Address && model && !model.external && !model.spec?.subnet) {
        report("error", ["services", service.name, "networks", model.key, "ipv4_address"], `a fixed ipv4_address needs a subnet on network "${model.key}" (networks.${model.key}.ipam.config[0].subnet)`);
      }
    }
  }
}

/**
 * What the protocol's own (strict) schemas say of each create, network and volume spec, said now
 * with the place in the file rather than by the agent half-way through a deploy.
 */
export function checkAgainstProtocol(services: ServiceModel[], networks: NetworkModel[], volumes: VolumeModel[], report: Report): void {
  for (const service of services) {
    const parsed = ContainerCreateSpec.safeParse(service.create);
    for (const issue of parsed.error?.issues ?? []) report("error", ["services", service.name], `service "${service.name}": ${issue.path.join(".")}: ${issue.message}`, true);
  }
  for (const network of networks) {
    const parsed = network.spec && NetworkCreateSpec.safeParse(network.spec);
    for (const issue of parsed?.error?.issues ?? []) report("error", ["networks", network.key], `network "${network.key}": ${issue.path.join(".")}: ${issue.message}`, true);
  }
  for (const volume of volumes) {
    const parsed = volume.spec && VolumeCreateSpec.safeParse(volume.spec);
    for (const issue of parsed?.error?.issues ?? []) report("error", ["volumes", volume.key], `volume "${volume.key}": ${issue.path.join(".")}: ${issue.message}`, true);
  }
}
