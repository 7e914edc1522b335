/*
 * Unit tests of handoff_classify() and fold_text(): who asks for a
 * person, in the eight languages, and who only asks whether the chat
 * is one.  Prints TAP.
 */
#include <stdio.h>
#include <string.h>

#include "fold.h"
#include "handoff.h"

static int	 n, failed;

static void
ok(int cond, const char *name)
{
	n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, name);
	if (!cond)
		failed++;
}

static const char *const asks[] = {
	"Can I speak to a real person?",
	"I want to talk to someone",
	"human please",
	"Human?",
	"Please let me speak with a member of staff",
	"Are you a bot? I want to talk to someone.",
	"Je voudrais parler à quelqu'un",
	"Je voudrais parler a quelqu’un svp",
	"Puis-je parler à une vraie personne ?",
	"Chcę porozmawiać z człowiekiem",
	"Czy mogę porozmawiać z kimś z recepcji?",
	"Quiero hablar con una persona",
	"¿Puedo hablar con alguien?",
	"Ich möchte mit einem Menschen sprechen",
	"Kann ich mit jemandem sprechen?",
	"Vorrei parlare con una persona",
	"Posso parlare con qualcuno?",
	"Vreau să vorbesc cu cineva",
	"Pot vorbi cu o persoană?",
	"میں کسی انسان سے بات کرنا چاہتا ہوں",
	"Can you call me back please",
	NULL
};

static const char *const identity[] = {
	"Are you a real person?",
	"are you human",
	"Am I talking to a bot?",
	"Am I talking to a real person?",
	"Êtes-vous un robot ?",
	"Es-tu humain ?",
	"Czy jesteś prawdziwą osobą?",
	"¿Eres una persona real?",
	"Bist du ein Mensch?",
	"Sei una persona vera?",
	"Ești o persoană reală?",
	"کیا آپ انسان ہیں؟",
	"کیا میں کسی انسان سے بات کر رہا ہوں؟",
	NULL
};

static const char *const neither[] = {
	"What time do you open on Saturday?",
	"How much is a first appointment?",
	"Can my son see the physio?",
	"I'd like to book a massage",
	"Do you have parking?",
	"Quels sont vos horaires ?",
	"Ile kosztuje wizyta?",
	"I hurt my back talking to my neighbour",
	NULL
};

static void
check_list(const char *const *list, enum handoff_kind want,
    const char *what)
{
	char	 name[512];
	size_t	 i;

	for (i = 0; list[i] != NULL; i++) {
		snprintf(name, sizeof(name), "%s: %s", what, list[i]);
		ok(handoff_classify(list[i], strlen(list[i])) == want, name);
	}
}

static void
check_fold(const char *in, const char *want)
{
	struct buf	 b;
	char		 name[256];

	buf_init(&b, 1024);
	fold_text(in, strlen(in), &b);
	snprintf(name, sizeof(name), "fold \"%s\" -> \"%s\"", in, want);
	ok(b.data != NULL && strcmp(b.data, want) == 0, name);
	buf_release(&b);
}

int
main(void)
{
	check_list(asks, HANDOFF_ASK, "asks for a person");
	check_list(identity, HANDOFF_IDENTITY, "asks whether it is a person");
	check_list(neither, HANDOFF_NONE, "not about people");
	check_fold("Ça VA, Łódź?", " ca va lodz ");
	check_fold("Ștefan  Țară!!", " stefan tara ");
	check_fold("Große Straße", " grose strase ");
	check_fold("", " ");
	printf("1..%d\n", n);
	return failed != 0;
}
