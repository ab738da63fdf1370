CREATE TABLE `buyer_addresses` (
	`user_id` varchar(64) NOT NULL,
	`address_ciphertext` text NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `buyer_addresses_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
CREATE TABLE `buyer_keys` (
	`user_id` varchar(64) NOT NULL,
	`wrapped_key` varchar(255),
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `buyer_keys_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `shipping_address_ciphertext` text;