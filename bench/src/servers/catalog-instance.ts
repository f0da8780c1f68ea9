// The catalog service exactly as the cluster launcher runs it (process-main.ts imports this module
// and runs its default export), plus the bench's measurement window on the launcher's IPC channel.
import catalog from '../../../services/catalog/src/service.ts';
import { serveMeasurementWindow } from './window.ts';

serveMeasurementWindow('catalog');
export default catalog;
