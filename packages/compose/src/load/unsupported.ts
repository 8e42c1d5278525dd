/**
 * Compose keys Dockmaster does not implement, and what ignoring each would mean. An "error" key
 * would change what the service does (it would start without files, devices, hooks or isolation it
 * asks for) or weaken security; a "warning" key is safe to leave out (tuning, metadata, other
 * platforms) and is said with its line. Nothing is dropped silently.
 */
export const UNSUPPORTED_SERVICE_KEYS: Record<string, { severity: "error" | "warning"; why: string }> = {
  secrets: { severity: "error", why: "the service would start without the secret files it expects" },
  configs: { severity: "error", why: "the service would start without the config files it expects" },
  gpus: { severity: "error", why: "the service would start without the GPUs it asks for" },
  runtime: { severity: "error", why: "the service would run under the default runtime, not the isolation it asks for" },
  volumes_from: { severity: "error", why: "the service would start without the other container's volumes" },
  post_start: { severity: "error", why: "the lifecycle hook would not run" },
  pre_stop: { severity: "error", why: "the lifecycle hook would not run" },
  use_api_socket: { severity: "error", why: "the Docker API socket is not given to containers" },
  models: { severity: "error", why: "the service would start without the models it asks for" },
  provider: { severity: "error", why: "provider services are not run by Dockmaster" },
  develop: { severity: "warning", why: "`docker compose watch` settings do not apply to a deployment" },
  annotations: { severity: "warning", why: "OCI annotations are not set" },
  attach: { severity: "warning", why: "log attachment is a CLI setting; Dockmaster shows every service's logs" },
  links: { severity: "warning", why: "services reach each other by name on the project network; the link is kept as a start-order dependency only" },
  external_links: { severity: "warning", why: "links are legacy: join the other container's network instead" },
  label_file: { severity: "warning", why: "the labels in those files are not applied" },
  group_add: { severity: "warning", why: "the extra groups are not added" },
  mac_address: { severity: "warning", why: "the engine assigns the MAC address" },
  mem_swappiness: { severity: "warning", why: "the engine's default swappiness applies" },
  oom_kill_disable: { severity: "warning", why: "the OOM killer stays enabled" },
  oom_score_adj: { severity: "warning", why: "the default OOM score applies" },
  cgroup: { severity: "warning", why: "the container gets its own cgroup namespace" },
  cgroup_parent: { severity: "warning", why: "the engine's default cgroup parent applies" },
  cpu_count: { severity: "warning", why: "a Windows-only setting" },
  cpu_percent: { severity: "warning", why: "a Windows-only setting" },
  cpu_period: { severity: "warning", why: "CFS period tuning is not applied (use cpus)" },
  cpu_quota: { severity: "warning", why: "CFS quota tuning is not applied (use cpus)" },
  cpu_rt_period: { severity: "warning", why: "real-time scheduling is not applied" },
  cpu_rt_runtime: { severity: "warning", why: "real-time scheduling is not applied" },
  cpuset: { severity: "warning", why: "the container may run on every CPU" },
  blkio_config: { severity: "warning", why: "block IO limits are not applied" },
  storage_opt: { severity: "warning", why: "storage driver options are not applied" },
  device_cgroup_rules: { severity: "warning", why: "the extra device rules are not added" },
  credential_spec: { severity: "warning", why: "a Windows-only setting" },
  isolation: { severity: "warning", why: "a Windows-only setting" },
  platform: { severity: "warning", why: "the image for the engine's own platform is used" },
};

export const UNSUPPORTED_TOP_LEVEL_KEYS: Record<string, { severity: "error" | "warning"; why: string }> = {
  secrets: { severity: "error", why: "secrets are not supported yet" },
  configs: { severity: "error", why: "configs are not supported yet" },
  include: { severity: "error", why: "include is not supported: list the files in the stack instead" },
  models: { severity: "error", why: "models are not supported" },
};

/** build: keys beyond context, dockerfile, args and target. */
export const UNSUPPORTED_BUILD_KEYS: Record<string, "error" | "warning"> = {
  dockerfile_inline: "error",
  additional_contexts: "error",
  secrets: "error",
  ssh: "error",
  cache_from: "warning",
  cache_to: "warning",
  entitlements: "warning",
  extra_hosts: "warning",
  isolation: "warning",
  labels: "warning",
  network: "warning",
  no_cache: "warning",
  platforms: "warning",
  privileged: "warning",
  pull: "warning",
  shm_size: "warning",
  tags: "warning",
  ulimits: "warning",
};

/** deploy: keys beyond replicas, resources and restart_policy (swarm settings). */
export const UNSUPPORTED_DEPLOY_KEYS = ["mode", "endpoint_mode", "labels", "placement", "rollback_config", "update_config"];
