CREATE TABLE `stock_adjustments` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`product_id` bigint unsigned NOT NULL,
	`delta` int NOT NULL,
	`reason` varchar(500) NOT NULL,
	`admin_id` varchar(64) NOT NULL,
	`stock_after` int unsigned NOT NULL,
	`adjusted_at` datetime(3) NOT NULL,
	CONSTRAINT `stock_adjustments_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `products` ADD `archived_at` datetime(3);--> statement-breakpoint
CREATE INDEX `stock_adjustments_product_idx` ON `stock_adjustments` (`product_id`,`id`);