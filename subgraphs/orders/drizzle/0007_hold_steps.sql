CREATE TABLE `pending_hold_steps` (
	`order_id` char(36) NOT NULL,
	`step` varchar(8) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `pending_hold_steps_order_id_step_pk` PRIMARY KEY(`order_id`,`step`)
);
--> statement-breakpoint
INSERT INTO `pending_hold_steps` (`order_id`, `step`, `created_at`) SELECT `order_id`, 'release', `created_at` FROM `pending_releases`;--> statement-breakpoint
DROP TABLE `pending_releases`;--> statement-breakpoint
CREATE INDEX `pending_hold_steps_created_idx` ON `pending_hold_steps` (`created_at`);