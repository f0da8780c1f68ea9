// The gateway exactly as the cluster launcher runs it (process-main.ts imports this module and runs
// its default export), plus the bench's measurement window on the launcher's IPC channel.
import gateway from '../../../services/gateway/src/service.ts';
import { serveMeasurementWindow } from './window.ts';

serveMeasurementWindow('gateway');
export default gateway;
