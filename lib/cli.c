/*
 * cli.c - the command line every filter shares: --help, --version,
 * --field, --keep-going, --rejects, and the filter's own options.
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"

struct np_options np_opt = { "text", 0, NULL };

static const char common_help[] =
	"      --keep-going    write bad records to the rejects file and go on\n"
	"      --rejects FILE  where --keep-going writes rejected lines (default stderr)\n"
	"  -h, --help          show this help and exit\n"
	"      --version       show the version and exit\n";

static const char field_help[] =
	"      --field NAME    read the text from field NAME (default text)\n";

_Noreturn void
np_usage(const struct np_cli *cli)
{
	fprintf(stderr, "usage: %s\n", cli->usage);
	fprintf(stderr, "Try '%s --help' for more information.\n", cli->name);
	exit(NP_EXIT_USAGE);
}

static void
print_help(const struct np_cli *cli)
{
	printf("usage: %s\n\n%s", cli->usage, cli->help);
	if (cli->reads_field)
		fputs(field_help, stdout);
	fputs(common_help, stdout);
	printf("\nExit status: 0 success, 1 bad input data (or records rejected "
	    "with --keep-going),\n2 usage error, 3 I/O error.  See %s(1).\n",
	    cli->name);
	np_finish_output();
	exit(NP_EXIT_OK);
}

static size_t
count_options(const struct option *o)
{
	size_t n = 0;

	while (o && o[n].name)
		n++;
	return n;
}

int
np_parse_args(const struct np_cli *cli, int argc, char **argv)
{
	static const struct option common[] = {
		{ "help", no_argument, NULL, NP_OPT_HELP },
		{ "version", no_argument, NULL, NP_OPT_VERSION },
		{ "keep-going", no_argument, NULL, NP_OPT_KEEP_GOING },
		{ "rejects", required_argument, NULL, NP_OPT_REJECTS },
		{ "field", required_argument, NULL, NP_OPT_FIELD },
	};
	size_t ncommon = sizeof(common) / sizeof(common[0]);
	size_t nown = count_options(cli->longopts);
	struct option *all;
	struct np_buf shortopts;
	int c;

	np_setprogname(cli->name);
	/* Write errors are handled where they happen (EPIPE ends quietly). */
	signal(SIGPIPE, SIG_IGN);

	all = ecalloc(nown + ncommon + 1, sizeof(*all));
	if (nown)
		memcpy(all, cli->longopts, nown * sizeof(*all));
	memcpy(all + nown, common, ncommon * sizeof(*all));
	if (!cli->reads_field)
		memset(&all[nown + ncommon - 1], 0, sizeof(*all));

	buf_init(&shortopts);
	buf_adds(&shortopts, "+h");
	if (cli->shortopts)
		buf_adds(&shortopts, cli->shortopts);

	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts.s, all, NULL)) != -1) {
		switch (c) {
		case 'h':
		case NP_OPT_HELP:
			print_help(cli);
			break;
		case NP_OPT_VERSION:
			printf("%s (newsprint) %s\n", cli->name, NP_VERSION);
			np_finish_output();
			exit(NP_EXIT_OK);
		case NP_OPT_KEEP_GOING:
			np_opt.keep_going = 1;
			break;
		case NP_OPT_REJECTS:
			np_opt.rejects = optarg;
			np_opt.keep_going = 1;
			break;
		case NP_OPT_FIELD:
			if (!*optarg) {
				np_warn("--field needs a non-empty name");
				np_usage(cli);
			}
			np_opt.field = optarg;
			break;
		case '?':
			if (optopt && optopt < 0x100)
				np_warn("unknown option -%c", optopt);
			else
				np_warn("unknown option or missing argument: %s",
				    argv[optind - 1]);
			np_usage(cli);
		case ':':
			np_warn("option %s needs an argument", argv[optind - 1]);
			np_usage(cli);
		default:
			if (!cli->handle || !cli->handle(c, optarg))
				np_usage(cli);
		}
	}
	free(all);
	buf_free(&shortopts);
	return optind;
}

long
np_parse_count(const char *s)
{
	char *end;
	long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 0)
		return -1;
	return v;
}
