export { scenario, type Scenario } from './scenario';
export { Workbench } from './workbench';
export { EXAMPLES, EXTENSION_ID } from '../../vscode/config';
