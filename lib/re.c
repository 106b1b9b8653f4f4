/*
 * re.c - the PCRE2 wrapper: compile once (UTF, UCP, JIT), match many times.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>

#include "np.h"

struct np_re {
	pcre2_code *code;
	pcre2_match_data *md;
};

struct np_re *
re_compile(const char *pattern, uint32_t extra_options)
{
	struct np_re *re = ecalloc(1, sizeof(*re));
	int errcode;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[256];

	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | extra_options,
	    &errcode, &erroff, NULL);
	if (!re->code) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		np_die(NP_EXIT_IO, "internal error: pattern %s at offset %zu: %s",
		    pattern, (size_t)erroff, (char *)msg);
	}
	/* JIT is an optimisation: a platform without it still matches.
	 * NP_NO_JIT turns it off (valgrind cannot follow JIT code and
	 * reports false errors in it: scripts/check-valgrind). */
	if (!getenv("NP_NO_JIT"))
		(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (!re->md)
		np_die(NP_EXIT_IO, "out of memory");
	return re;
}

void
re_free(struct np_re *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

static int
run(struct np_re *re, const char *s, size_t n, size_t from, uint32_t opts,
    struct np_match *m)
{
	int rc;
	PCRE2_SIZE *ov;

	if (from > n)
		return 0;
	/*
	 * Input text is valid UTF-8 (jansson and np-pages check it), so skip
	 * the check.  pcre2_match uses the JIT code whenever the options allow.
	 */
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, from,
	    opts | PCRE2_NO_UTF_CHECK, re->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		np_die(NP_EXIT_IO, "internal error: match failed: %s", (char *)msg);
	}
	ov = pcre2_get_ovector_pointer(re->md);
	m->start = ov[0];
	m->end = ov[1];
	m->ngroups = pcre2_get_ovector_count(re->md);
	m->ovector = ov;
	return 1;
}

int
re_search(struct np_re *re, const char *s, size_t n, size_t from,
    struct np_match *m)
{
	return run(re, s, n, from, 0, m);
}

int
re_match_at(struct np_re *re, const char *s, size_t n, size_t at,
    struct np_match *m)
{
	return run(re, s, n, at, PCRE2_ANCHORED, m);
}

int
re_group(const struct np_match *m, size_t g, size_t *gs, size_t *ge)
{
	if (g >= m->ngroups || m->ovector[2 * g] == PCRE2_UNSET)
		return 0;
	*gs = m->ovector[2 * g];
	*ge = m->ovector[2 * g + 1];
	return 1;
}

int
re_group_number(struct np_re *re, const char *name)
{
	int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);

	return n < 0 ? -1 : n;
}
