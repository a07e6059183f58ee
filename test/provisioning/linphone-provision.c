/*
 * A real Linphone client provisioning itself (issue 10, item 7).
 *
 * Usage: linphone-provision <config file> [timeout seconds] [friends timeout seconds]
 *
 * The config file carries `[misc] config-uri=<provisioning URL>` (and
 * `[storage] uri=null`: liblinphone 5.1 fetches only once its storage is
 * open). The core is created on it and started; it is iterated until the
 * configuring-status callback has fired and the core is on, or the timeout.
 * Then one JSON object per line on stdout:
 *   {"configuring":"successful|failed|skipped","message":"..."}
 *   {"identity":"..."}                                 (the default account, if any)
 *   {"account":{"identity":..,"server":..}}            (each account, with its server address)
 *   {"contacts-vcard-list":"..."}                      (an entry only the provisioning XML sets)
 *   {"auth":{"username":..,"domain":..,"realm":..,"ha1":..,"algorithm":..}}  (each auth info)
 *   {"friend":{"list":..,"name":..,"address":..,"X-LINPHONE-ACCOUNT-…":[..]}}  (each friend of each friend
 *                                                       list, with the Linphone extensions of its vCard)
 * With a friends timeout, the core is first iterated until the friend list
 * liblinphone names after `contacts-vcard-list` (it fetches that URL when it
 * reads its config, with the account's credentials) holds friends, or that timeout.
 * Exit code 0 when provisioning succeeded, 1 when it failed, 2 on timeout or misuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linphone/core.h>
#include <linphone/logging.h>

/* The vCard lines a Linhome client reads (vcards.md §4). */
static const char *const LINPHONE_EXTENSIONS[] = {"X-LINPHONE-ACCOUNT-DTMF-PROTOCOL", "X-LINPHONE-ACCOUNT-TYPE", "X-LINPHONE-ACCOUNT-ACTION"};

static int configured = 0;
static LinphoneConfiguringState configuring_state = LinphoneConfiguringFailed;
static char configuring_message[512] = "";
static int core_on = 0;

/* A JSON string literal (quotes, backslashes and controls escaped). */
static void print_json_string(const char *text) {
	putchar('"');
	for (const unsigned char *c = (const unsigned char *)(text ? text : ""); *c; c++) {
		if (*c == '"' || *c == '\\') printf("\\%c", *c);
		else if (*c < 0x20) printf("\\u%04x", *c);
		else putchar(*c);
	}
	putchar('"');
}

static void on_configuring(LinphoneCore *core, LinphoneConfiguringState status, const char *message) {
	(void)core;
	configured = 1;
	configuring_state = status;
	snprintf(configuring_message, sizeof(configuring_message), "%s", message ? message : "");
}

static void on_global_state(LinphoneCore *core, LinphoneGlobalState state, const char *message) {
	(void)core;
	(void)message;
	if (state == LinphoneGlobalOn) core_on = 1;
}

static const char *state_name(LinphoneConfiguringState state) {
	switch (state) {
	case LinphoneConfiguringSuccessful: return "successful";
	case LinphoneConfiguringFailed: return "failed";
	default: return "skipped";
	}
}

static double now_seconds(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "usage: %s <config file> [timeout seconds]\n", argv[0]);
		return 2;
	}
	double timeout = argc > 2 ? atof(argv[2]) : 20;

	/* liblinphone logs to stdout: keep it for the JSON lines (errors still go out, the test reads `{` lines only) */
	linphone_logging_service_set_log_level(linphone_logging_service_get(), LinphoneLogLevelError);
	LinphoneFactory *factory = linphone_factory_get();
	LinphoneCore *core = linphone_factory_create_core_3(factory, argv[1], NULL, NULL);
	LinphoneCoreCbs *cbs = linphone_factory_create_core_cbs(factory);
	linphone_core_cbs_set_configuring_status(cbs, on_configuring);
	linphone_core_cbs_set_global_state_changed(cbs, on_global_state);
	linphone_core_add_callbacks(core, cbs);
	linphone_core_start(core);

	double deadline = now_seconds() + timeout;
	while (!(configured && core_on) && now_seconds() < deadline) {
		linphone_core_iterate(core);
		usleep(20000);
	}
	/* a few more iterations so that the accounts read from the new config are in place */
	for (int i = 0; i < 10; i++) {
		linphone_core_iterate(core);
		usleep(10000);
	}

	double friends_timeout = argc > 3 ? atof(argv[3]) : 0;
	const char *vcard_list = linphone_config_get_string(linphone_core_get_config(core), "misc", "contacts-vcard-list", NULL);
	double friends_deadline = now_seconds() + friends_timeout;
	while (vcard_list && now_seconds() < friends_deadline) {
		LinphoneFriendList *list = linphone_core_get_friend_list_by_name(core, vcard_list);
		if (list && linphone_friend_list_get_friends(list)) break;
		linphone_core_iterate(core);
		usleep(20000);
	}

	int code = 2;
	if (configured) {
		printf("{\"configuring\":");
		print_json_string(state_name(configuring_state));
		printf(",\"message\":");
		print_json_string(configuring_message);
		printf("}\n");
		code = configuring_state == LinphoneConfiguringSuccessful ? 0 : 1;
	} else {
		printf("{\"configuring\":\"timeout\"}\n");
	}

	LinphoneAccount *account = linphone_core_get_default_account(core);
	if (account) {
		const LinphoneAddress *identity = linphone_account_params_get_identity_address(linphone_account_get_params(account));
		char *text = identity ? linphone_address_as_string(identity) : NULL;
		printf("{\"identity\":");
		print_json_string(text);
		printf("}\n");
		if (text) ortp_free(text);
	}
	for (const bctbx_list_t *item = linphone_core_get_account_list(core); item; item = bctbx_list_next(item)) {
		const LinphoneAccountParams *params = linphone_account_get_params((LinphoneAccount *)bctbx_list_get_data(item));
		const LinphoneAddress *identity = linphone_account_params_get_identity_address(params);
		const LinphoneAddress *server = linphone_account_params_get_server_address(params);
		char *identity_text = identity ? linphone_address_as_string(identity) : NULL;
		char *server_text = server ? linphone_address_as_string_uri_only(server) : NULL;
		printf("{\"account\":{\"identity\":");
		print_json_string(identity_text);
		printf(",\"server\":");
		print_json_string(server_text);
		printf("}}\n");
		if (identity_text) ortp_free(identity_text);
		if (server_text) ortp_free(server_text);
	}
	printf("{\"contacts-vcard-list\":");
	print_json_string(linphone_config_get_string(linphone_core_get_config(core), "misc", "contacts-vcard-list", NULL));
	printf("}\n");
	for (const bctbx_list_t *item = linphone_core_get_auth_info_list(core); item; item = bctbx_list_next(item)) {
		const LinphoneAuthInfo *info = (const LinphoneAuthInfo *)bctbx_list_get_data(item);
		printf("{\"auth\":{\"username\":");
		print_json_string(linphone_auth_info_get_username(info));
		printf(",\"domain\":");
		print_json_string(linphone_auth_info_get_domain(info));
		printf(",\"realm\":");
		print_json_string(linphone_auth_info_get_realm(info));
		printf(",\"ha1\":");
		print_json_string(linphone_auth_info_get_ha1(info));
		printf(",\"algorithm\":");
		print_json_string(linphone_auth_info_get_algorithm(info));
		printf("}}\n");
	}
	for (const bctbx_list_t *lists = linphone_core_get_friends_lists(core); lists; lists = bctbx_list_next(lists)) {
		LinphoneFriendList *list = (LinphoneFriendList *)bctbx_list_get_data(lists);
		for (const bctbx_list_t *item = linphone_friend_list_get_friends(list); item; item = bctbx_list_next(item)) {
			const LinphoneFriend *friend = (const LinphoneFriend *)bctbx_list_get_data(item);
			const LinphoneAddress *address = linphone_friend_get_address(friend);
			char *address_text = address ? linphone_address_as_string_uri_only(address) : NULL;
			printf("{\"friend\":{\"list\":");
			print_json_string(linphone_friend_list_get_display_name(list));
			printf(",\"name\":");
			print_json_string(linphone_friend_get_name(friend));
			printf(",\"address\":");
			print_json_string(address_text);
			LinphoneVcard *vcard = linphone_friend_get_vcard((LinphoneFriend *)friend);
			for (size_t i = 0; vcard && i < sizeof(LINPHONE_EXTENSIONS) / sizeof(*LINPHONE_EXTENSIONS); i++) {
				bctbx_list_t *values = linphone_vcard_get_extended_properties_values_by_name(vcard, LINPHONE_EXTENSIONS[i]);
				printf(",");
				print_json_string(LINPHONE_EXTENSIONS[i]);
				printf(":[");
				for (const bctbx_list_t *value = values; value; value = bctbx_list_next(value)) {
					if (value != values) printf(",");
					print_json_string((const char *)bctbx_list_get_data(value));
				}
				printf("]");
				bctbx_list_free(values);
			}
			printf("}}\n");
			if (address_text) ortp_free(address_text);
		}
	}
	fflush(stdout);

	linphone_core_stop(core);
	linphone_core_cbs_unref(cbs);
	linphone_core_unref(core);
	return code;
}
