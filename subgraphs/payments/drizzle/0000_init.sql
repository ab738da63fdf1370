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
CREATE TABLE `payments` (
	`id` varchar(36) NOT NULL,
	`order_id` varchar(64) NOT NULL,
	`user_id` varchar(64) NOT NULL,
	`amount` int unsigned NOT NULL,
	`method` varchar(64),
	`status` enum('PENDING','SUCCEEDED','FAILED','REFUNDED') NOT NULL,
	`failure_reason` varchar(255),
	`created_at` datetime(3) NOT NULL,
	`completed_at` datetime(3),
	`order_cancelled_at` datetime(3),
	`refunded_at` datetime(3),
	CONSTRAINT `payments_id` PRIMARY KEY(`id`),
	CONSTRAINT `payments_order_id_unique` UNIQUE(`order_id`)
);
--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` varchar(64) NOT NULL,
	`event_id` varchar(36) NOT NULL,
	`processed_at` datetime(3) NOT NULL,
	CONSTRAINT `processed_events_consumer_event_id_pk` PRIMARY KEY(`consumer`,`event_id`)
);
--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` varchar(36) NOT NULL,
	`payment_id` varchar(36) NOT NULL,
	`order_id` varchar(64) NOT NULL,
	`amount` int unsigned NOT NULL,
	`reason` enum('ORDER_CANCELLED','ORDER_RETURNED') NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `refunds_id` PRIMARY KEY(`id`),
	CONSTRAINT `refunds_payment_id_unique` UNIQUE(`payment_id`)
);
--> statement-breakpoint
ALTER TABLE `refunds` ADD CONSTRAINT `refunds_payment_id_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `outbox_unpublished_idx` ON `outbox` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `payments_unfinished_idx` ON `payments` (`status`,`order_cancelled_at`);