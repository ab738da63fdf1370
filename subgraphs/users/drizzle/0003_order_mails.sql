CREATE TABLE `order_mails` (
	`event_id` varchar(36) NOT NULL,
	`order_id` char(36) NOT NULL,
	`user_id` varchar(64) NOT NULL,
	`kind` varchar(20) NOT NULL,
	`attempts` int unsigned NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3) NOT NULL,
	`last_error` varchar(255),
	`created_at` datetime(3) NOT NULL,
	`sent_at` datetime(3),
	CONSTRAINT `order_mails_event_id` PRIMARY KEY(`event_id`)
);
--> statement-breakpoint
CREATE TABLE `order_summaries` (
	`order_id` char(36) NOT NULL,
	`user_id` varchar(64) NOT NULL,
	`lines` json NOT NULL,
	`total_price` int unsigned NOT NULL,
	`placed_at` datetime(3) NOT NULL,
	CONSTRAINT `order_summaries_order_id` PRIMARY KEY(`order_id`)
);
--> statement-breakpoint
CREATE INDEX `order_mails_due_idx` ON `order_mails` (`sent_at`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `order_mails_user_idx` ON `order_mails` (`user_id`);--> statement-breakpoint
CREATE INDEX `order_summaries_user_idx` ON `order_summaries` (`user_id`);