/** The gateway's public API, as the shop uses it. Money is a number with two decimals. */

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface RegisterRequest {
  username: string;
  password: string;
  displayName: string;
  email: string;
}

export interface Product {
  productId: string;
  name: string;
  description: string;
  price: number;
  availableStock: number;
}

export interface NewProduct {
  name: string;
  description: string;
  price: number;
  initialStock: number;
}

export interface Wallet {
  accountId: string;
  balance: number;
}

export type OrderStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED';

export interface OrderItem {
  productId: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface TimelineEntry {
  at: string;
  step: string;
  detail: string | null;
}

export interface Order {
  orderId: string;
  userId: string;
  status: OrderStatus;
  items: OrderItem[];
  total: number;
  cancellationReason: string | null;
  placedAt: string;
  timeline: TimelineEntry[];
}

export interface PlacedOrder {
  orderId: string;
  status: OrderStatus;
}

export interface OrderLineRequest {
  productId: string;
  quantity: number;
}

export interface Notification {
  notificationId: string;
  orderId: string | null;
  kind: string;
  message: string;
  createdAt: string;
}

export interface UserProfile {
  userId: string;
  username: string;
  displayName?: string;
  email?: string;
}
