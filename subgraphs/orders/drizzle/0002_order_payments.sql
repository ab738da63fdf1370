CREATE TABLE `order_payments` (
	`order_id` char(36) NOT NULL,
	`payment_id` varchar(36) NOT NULL,
	`recorded_at` datetime(3) NOT NULL,
	CONSTRAINT `order_payments_order_id` PRIMARY KEY(`order_id`)
);
