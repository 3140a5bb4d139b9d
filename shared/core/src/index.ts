export * from './errors';
export * from './canonicalJson';
export * from './hmac';
export * from './ids';
export * from './money';
export * from './fernet';
export * from './cards';
export * from './standardWebhooks';
