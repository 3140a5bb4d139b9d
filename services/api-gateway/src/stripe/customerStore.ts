import { PayrailError, newId } from '@payrail/core';
import { Journal, type JournalEvent, type JournalLogger } from '@payrail/journal';
import { unixSeconds } from '@payrail/ledger';

const STREAM = 'gateway/customers';

/** A customer of the Stripe-compatible API, as the events of `gateway/customers` build it. */
export interface Customer {
  id: string;
  merchant: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  metadata: Record<string, string>;
  deleted: boolean;
  created: number;
}

export type CustomerFields = Partial<Pick<Customer, 'email' | 'name' | 'phone' | 'description'>> & { metadata?: Record<string, string> };

/**
 * Customers, the one Stripe object with no PayRail counterpart: the stream `gateway/customers` (the
 * gateway writes it under the lock `gateway/.customers`; several gateway processes share it). A
 * PaymentIntent names its customer by id inside its `customer` (with the email, name and phone).
 */
export class CustomerStore {
  private readonly customers = new Map<string, Customer>();
  private readonly byMerchant = new Map<string, Customer[]>();
  private journal: Journal | null = null;

  static async open(options: { dataDir: string; logger?: JournalLogger }): Promise<CustomerStore> {
    const store = new CustomerStore();
    store.journal = await Journal.open({
      dataDir: options.dataDir,
      streams: [STREAM],
      lockName: 'gateway/.customers',
      onEvent: (_stream, event) => store.apply(event),
      onReset: () => {
        store.customers.clear();
        store.byMerchant.clear();
      },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return store;
  }

  async catchUp(): Promise<void> {
    await this.journal?.catchUp();
  }

  /** The merchant's customer, or a 404 naming `param` (a deleted one too, unless `deleted` is allowed). */
  get(merchant: string, id: string, param = 'id', allowDeleted = false): Customer {
    const customer = this.customers.get(id);
    if (customer === undefined || customer.merchant !== merchant || (customer.deleted && !allowDeleted)) {
      throw new PayrailError('resource_missing', `No such customer: '${id}'`, { param });
    }
    return customer;
  }

  /** The merchant's customers, newest first. */
  list(merchant: string): Customer[] {
    return (this.byMerchant.get(merchant) ?? []).filter((c) => !c.deleted).reverse();
  }

  async create(merchant: string, fields: CustomerFields): Promise<Customer> {
    const id = newId('cus');
    await this.commit(merchant, id, 'customer.created', fields);
    return this.get(merchant, id);
  }

  async update(merchant: string, id: string, fields: CustomerFields): Promise<Customer> {
    await this.commit(merchant, id, 'customer.updated', fields, () => this.get(merchant, id));
    return this.get(merchant, id);
  }

  async delete(merchant: string, id: string): Promise<void> {
    await this.commit(merchant, id, 'customer.deleted', {}, () => this.get(merchant, id));
  }

  async close(): Promise<void> {
    await this.journal?.close();
  }

  private async commit(merchant: string, ref: string, type: string, data: CustomerFields, check?: () => void): Promise<void> {
    if (this.journal === null) throw new Error('CustomerStore is not open');
    await this.journal.transact((tx) => {
      check?.();
      tx.append(STREAM, { type, ref, merchant_id: merchant, data: { ...data } });
    });
  }

  private apply(event: JournalEvent): void {
    const data = event.data as CustomerFields;
    if (event.type === 'customer.created') {
      const customer: Customer = {
        id: event.ref, merchant: event.merchant_id ?? '', email: data.email ?? null, name: data.name ?? null, phone: data.phone ?? null,
        description: data.description ?? null, metadata: data.metadata ?? {}, deleted: false, created: unixSeconds(event.timestamp),
      };
      this.customers.set(customer.id, customer);
      this.byMerchant.set(customer.merchant, [...(this.byMerchant.get(customer.merchant) ?? []), customer]);
      return;
    }
    const customer = this.customers.get(event.ref);
    if (customer === undefined) return;
    if (event.type === 'customer.deleted') customer.deleted = true;
    if (event.type !== 'customer.updated') return;
    for (const key of ['email', 'name', 'phone', 'description'] as const) if (data[key] !== undefined) customer[key] = data[key] === '' ? null : (data[key] ?? null);
    if (data.metadata !== undefined) {
      const merged = { ...customer.metadata };
      // Stripe's form semantics: an empty value removes the key.
      for (const [key, value] of Object.entries(data.metadata)) if (value === '') delete merged[key]; else merged[key] = value;
      customer.metadata = merged;
    }
  }
}

/** A customer as Stripe's API shows it. */
export function stripeCustomer(customer: Customer): Record<string, unknown> {
  return {
    id: customer.id, object: 'customer', address: null, balance: 0, created: customer.created, currency: null, default_source: null, delinquent: false,
    description: customer.description, discount: null, email: customer.email, invoice_prefix: customer.id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null }, livemode: false, metadata: customer.metadata,
    name: customer.name, next_invoice_sequence: 1, phone: customer.phone, preferred_locales: [], shipping: null, tax_exempt: 'none', test_clock: null,
  };
}
