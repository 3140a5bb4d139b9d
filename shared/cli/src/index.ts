export { verifyCommand } from './verifyCommand';
export { discoverServices, startCommand } from './startCommand';
export { resetCommand } from './resetCommand';
