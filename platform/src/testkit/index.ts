// Public entry of @mall/platform/testkit: start a service from a test in either run mode against the real
// servers, call it through typed clients, and read its failures — so no service rebuilds settings or decodes errors by hand.
export { testServers, testSettings, uniqueName, type TestMode, type TestSettingsOptions } from './servers.ts';
export { connect, startEmbedded, startInstance, startServices, type Connection, type EmbeddedHost, type TestDeployment } from './start.ts';
export { expectErrorAnswer, expectFailure, failureOf, type HttpAnswer } from './failures.ts';
export { Browser, uniqueEmail, uniqueLoopbackIp, type Answer, type CallOptions } from './browser.ts';
export { forgetRowsAfterwards } from './rows.ts';
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';
