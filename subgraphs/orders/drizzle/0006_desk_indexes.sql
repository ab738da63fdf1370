ALTER TABLE `order_items` ADD `placed_at` datetime(3);--> statement-breakpoint
UPDATE `order_items` JOIN `orders` ON `orders`.`id` = `order_items`.`order_id` SET `order_items`.`placed_at` = `orders`.`created_at`;--> statement-breakpoint
ALTER TABLE `order_items` MODIFY `placed_at` datetime(3) NOT NULL;--> statement-breakpoint
CREATE INDEX `order_items_product_placed_idx` ON `order_items` (`product_id`,`placed_at`,`order_id`);--> statement-breakpoint
DROP INDEX `order_items_product_idx` ON `order_items`;--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_created_idx` ON `orders` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_user_created_idx` ON `orders` (`user_id`,`created_at`,`id`);
