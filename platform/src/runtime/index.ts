// Runtime: define a service once, run it as a cluster instance, inside the all-in-one host, or launch a cluster of processes.
export { defineService, type ServiceDefinition } from './define.ts';
export type { ServiceContext, RunMode } from './context.ts';
export { runInstance, type RunningInstance } from './instance.ts';
export { runAllInOne, type RunningHost } from './host.ts';
export { Cluster, type ServiceSpec, type LaunchedInstance, type LaunchOptions } from './launcher.ts';
export { readSettings, type KernelSettings } from './settings.ts';
export { openInfrastructure, type Infrastructure } from './infrastructure.ts';
export { createHttpApp, type HttpAppOptions } from './http-app.ts';
export { JobRunner, type JobSpec } from './jobs.ts';
export { defineConsumer, defineListener, type ConsumerSpec, type ListenerSpec, type HandleMeta, type HearMeta } from '../bus/index.ts';
