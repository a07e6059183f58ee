/**
 * What a database left by the PHP FlexiAPI at reference commit 9cb24ca holds
 * (issue 18): the rows of Laravel's `migrations` table, and its tables.
 */

/** This service's migrations table: Laravel's is `migrations`, with other columns. */
export const MIGRATIONS_TABLE = 'flexiapi_migrations';

/** Laravel's migration names at the reference commit: a database missing one is older and refused. */
export const REFERENCE_MIGRATIONS: readonly string[] = [
  '2014_10_12_000000_create_users_table',
  '2014_10_12_100000_create_password_resets_table',
  '2019_08_19_000000_create_failed_jobs_table',
  '2020_01_23_125119_create_accounts_passwords_tables',
  '2020_01_28_100553_create_nonces_digest_table',
  '2020_04_29_131330_create_admins_table',
  '2020_09_14_120448_add_email_changed_table',
  '2020_10_19_085412_create_api_keys_table',
  '2020_11_30_123051_create_aliases_table',
  '2021_02_10_160119_add_phone_change_codes_table',
  '2021_02_23_152536_create_tokens_table',
  '2021_03_02_151353_create_activation_expirations_table',
  '2021_09_06_132040_add_accounts_tombstones_table',
  '2021_09_16_120958_add_unique_accounts_passwords_aliases_table',
  '2021_10_13_092937_create_contacts_table',
  '2021_10_27_150641_make_account_types_key_unique',
  '2022_01_19_160606_move_protocol_from_account_actions_to_account',
  '2022_02_07_111109_add_last_used_at_column_to_api_keys_table',
  '2022_05_16_123726_create_auth_tokens_table',
  '2022_06_21_124721_rename_tokens_to_account_creation_tokens',
  '2022_06_23_125740_add_provisioning_token_to_accounts_table',
  '2022_06_29_100221_create_external_accounts_table',
  '2022_07_25_095147_change_group_length_from_accounts_table',
  '2023_05_09_145418_add_email_index_to_accounts_table',
  '2023_05_22_120505_make_pn_attributes_nullable_account_creation_tokens_table',
  '2023_05_22_123231_create_account_creation_request_tokens_table',
  '2023_06_05_124409_add_email_change_code_table',
  '2023_06_07_142957_add_recovery_code_to_accounts_table',
  '2023_06_14_130324_add_created_at_updated_at_columns_accounts_table',
  '2023_06_27_134132_create_contacts_lists_table',
  '2023_07_17_124917_create_statistics_messages_tables',
  '2023_07_24_144940_change_contacts_lists_contraints_and_statistics_messages_indexes',
  '2023_09_14_132627_create_statistics_calls_table',
  '2023_10_03_121128_add_statistics_indexes',
  '2023_10_04_132708_drop_external_accounts_table',
  '2023_10_09_143939_confirmation_key_nullable_in_accounts_table',
  '2023_12_11_135122_drop_group_from_accounts_table',
  '2023_12_11_155543_move_tokens_and_codes_to_consommable',
  '2023_12_20_142159_create_account_dictionary_entries_table',
  '2024_01_22_151512_add_blocked_to_accounts_table',
  '2024_01_29_144458_add_ip_columns_to_tokens_and_keys_tables',
  '2024_03_25_155713_merge_admins_table_in_accounts',
  '2024_04_08_144054_add_request_counter_and_ip_to_api_keys_table',
  '2024_04_09_140622_drop_aliases_table',
  '2024_04_22_141226_vcards_storage',
  '2024_06_11_090306_create_sip_domains_table',
  '2024_07_15_135258_create_phone_countries_table',
  '2024_08_07_131135_add_linphone_configuration_to_sip_domains_table',
  '2024_11_18_103038_rename_sip_domains_to_spaces_table',
  '2024_12_02_142311_create_reset_password_email_tokens_table',
];

/** Reference tables whose rows are copied into this service's tables of the same name, in foreign-key order. */
export const COPIED_TABLES: readonly string[] = [
  'spaces',
  'accounts',
  'passwords',
  'nonces',
  'api_keys',
  'phone_change_codes',
  'account_creation_tokens',
  'activation_expirations',
  'accounts_tombstones',
  'contacts',
  'account_types',
  'account_account_type',
  'account_actions',
  'auth_tokens',
  'account_creation_request_tokens',
  'email_change_codes',
  'contacts_lists',
  'account_contacts_list',
  'contacts_list_contact',
  'statistics_messages',
  'statistics_message_devices',
  'statistics_calls',
  'statistics_call_devices',
  'provisioning_tokens',
  'recovery_codes',
  'account_dictionary_entries',
  'vcards_storage',
  'phone_countries',
];

/**
 * Tables of Laravel and of the reference that have no counterpart here:
 * dropped with the rest once the conversion is done (docs/migrating-from-php.md).
 * The last ones are Laravel's optional tables, in case an install made them.
 */
export const DROPPED_TABLES: readonly string[] = [
  'migrations',
  'users',
  'password_resets',
  'failed_jobs',
  'reset_password_email_tokens',
  'personal_access_tokens',
  'password_reset_tokens',
  'jobs',
  'job_batches',
  'cache',
  'cache_locks',
  'sessions',
];

/** Every table the conversion takes over; another table in the schema stops it before anything changes. */
export const REFERENCE_TABLES: readonly string[] = [...COPIED_TABLES, ...DROPPED_TABLES];

/** The reference tables are renamed under this prefix while the conversion runs (crash safety: see adopt.ts). */
export const HELD = 'flexiapi_php_';
