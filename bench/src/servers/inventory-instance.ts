// The inventory service exactly as the cluster launcher runs it (process-main.ts imports this module
// and runs its default export), plus the bench's measurement window on the launcher's IPC channel.
import inventory from '../../../services/inventory/src/service.ts';
import { serveMeasurementWindow } from './window.ts';

serveMeasurementWindow('inventory');
export default inventory;
