import { perEnv, type WebhookEnv } from '../webhooks/webhookEnvs';
import { NORMAL, type ModeSetting } from './modeSetting';

/** The current mode of each environment's receiver; switched at run time, reset to the configured ones on restart. */
export class ModeBoard {
  private readonly settings: Record<WebhookEnv, ModeSetting>;

  constructor(initial: Partial<Record<WebhookEnv, ModeSetting>> = {}) {
    this.settings = perEnv((env) => initial[env] ?? NORMAL);
  }

  get(env: WebhookEnv): ModeSetting {
    return this.settings[env];
  }

  set(env: WebhookEnv, setting: ModeSetting): void {
    this.settings[env] = Object.freeze({ ...setting });
  }

  all(): Record<WebhookEnv, ModeSetting> {
    return { ...this.settings };
  }
}
