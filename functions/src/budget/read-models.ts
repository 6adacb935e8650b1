import type { Connection } from '../core/pagination';
import type { BudgetLineRecord, PaymentRecord } from './records';

/** Pages of the budget reads as resolvers receive them (codegen mappers). */
export type BudgetLineConnectionModel = Omit<Connection<BudgetLineRecord>, 'totalCount'>;
export type PaymentConnectionModel = Omit<Connection<PaymentRecord>, 'totalCount'>;
