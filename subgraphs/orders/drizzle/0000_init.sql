CREATE TABLE `cart_items` (
	`user_id` varchar(64) NOT NULL,
	`product_id` varchar(32) NOT NULL,
	`quantity` int unsigned NOT NULL,
	`added_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `cart_items_user_id_product_id_pk` PRIMARY KEY(`user_id`,`product_id`)
);
--> statement-breakpoint
CREATE TABLE `order_items` (
	`order_id` char(36) NOT NULL,
	`product_id` varchar(32) NOT NULL,
	`quantity` int unsigned NOT NULL,
	`unit_price` int unsigned NOT NULL,
	CONSTRAINT `order_items_order_id_product_id_pk` PRIMARY KEY(`order_id`,`product_id`)
);
--> statement-breakpoint
CREATE TABLE `order_status_history` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`order_id` char(36) NOT NULL,
	`from_status` varchar(20),
	`to_status` varchar(20) NOT NULL,
	`reason` varchar(500),
	`changed_at` datetime(3) NOT NULL,
	CONSTRAINT `order_status_history_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`seq` bigint unsigned AUTO_INCREMENT NOT NULL,
	`id` char(36) NOT NULL,
	`user_id` varchar(64) NOT NULL,
	`status` varchar(20) NOT NULL,
	`total_price` int unsigned NOT NULL,
	`payment_method` varchar(32),
	`idempotency_key` varchar(128) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`status_changed_at` datetime(3) NOT NULL,
	`reserved_until` datetime(3) NOT NULL,
	`paid_at` datetime(3),
	`delivered_at` datetime(3),
	CONSTRAINT `orders_seq` PRIMARY KEY(`seq`),
	CONSTRAINT `orders_id_unique` UNIQUE(`id`),
	CONSTRAINT `orders_user_idempotency_key_uq` UNIQUE(`user_id`,`idempotency_key`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`event_id` varchar(36) NOT NULL,
	`type` varchar(64) NOT NULL,
	`envelope` json NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`published_at` datetime(3),
	CONSTRAINT `outbox_id` PRIMARY KEY(`id`),
	CONSTRAINT `outbox_event_id_unique` UNIQUE(`event_id`)
);
--> statement-breakpoint
CREATE TABLE `pending_releases` (
	`order_id` char(36) NOT NULL,
	`product_ids` varchar(700) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `pending_releases_order_id` PRIMARY KEY(`order_id`)
);
--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` varchar(64) NOT NULL,
	`event_id` varchar(36) NOT NULL,
	`processed_at` datetime(3) NOT NULL,
	CONSTRAINT `processed_events_consumer_event_id_pk` PRIMARY KEY(`consumer`,`event_id`)
);
--> statement-breakpoint
CREATE TABLE `stock_locks` (
	`product_id` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `stock_locks_product_id` PRIMARY KEY(`product_id`)
);
--> statement-breakpoint
CREATE INDEX `order_status_history_order_idx` ON `order_status_history` (`order_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_user_seq_idx` ON `orders` (`user_id`,`seq`);--> statement-breakpoint
CREATE INDEX `orders_status_changed_idx` ON `orders` (`status`,`status_changed_at`);--> statement-breakpoint
CREATE INDEX `orders_status_reserved_until_idx` ON `orders` (`status`,`reserved_until`);--> statement-breakpoint
CREATE INDEX `outbox_unpublished_idx` ON `outbox` (`published_at`,`id`);