CREATE TABLE `settlements` (
	`order_id` varchar(64) NOT NULL,
	`user_id` varchar(64) NOT NULL,
	`lines` mediumtext NOT NULL,
	`settled_at` datetime(3) NOT NULL,
	`restored_at` datetime(3),
	CONSTRAINT `settlements_order_id` PRIMARY KEY(`order_id`)
);
