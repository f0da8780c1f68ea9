// Public entry of @mall/platform/config: the ConfigCenter port, its etcd and embedded adapters,
// and loadConfig, which builds a service's typed, validated, hot-reloaded configuration.
export type { ConfigCenter, ConfigChange, ConfigEntry } from './port.ts';
export { ConfigCenterClosedError } from './port.ts';
export { EtcdConfigCenter, type EtcdConfigCenterOptions } from './etcd-center.ts';
export { EmbeddedConfigCenter, type EmbeddedConfigCenterOptions } from './embedded-center.ts';
export { DEFAULT_HISTORY_LIMIT } from './revision-log.ts';
export { createConfigCenter, type CreateConfigCenterOptions } from './create.ts';
export { loadConfig, GLOBAL_CONFIG_KEY, type LiveConfig, type LoadConfigOptions } from './load-config.ts';
export { envVarName } from './env-layer.ts';
export type { ConfigProblem } from './validation.ts';
