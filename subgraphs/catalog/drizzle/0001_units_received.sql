ALTER TABLE `products` ADD `units_received` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `products` SET `units_received` = `stock` WHERE `units_received` = 0;
