CREATE TABLE `user_keys` (
	`user_id` bigint unsigned NOT NULL,
	`wrapped_key` varchar(255) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `user_keys_user_id` PRIMARY KEY(`user_id`)
);
