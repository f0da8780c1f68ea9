// The identity service exactly as the cluster launcher runs it (process-main.ts imports this module
// and runs its default export), plus the bench's measurement window on the launcher's IPC channel.
import identity from '../../../services/identity/src/service.ts';
import { serveMeasurementWindow } from './window.ts';

serveMeasurementWindow('identity');
export default identity;
