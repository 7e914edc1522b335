/*
 * Every HTTP handler, one file per resource (h_*.c).  Each takes the
 * request, answers through req_answer() or req_error() and returns the
 * HTTP status it answered.
 */
#ifndef FD_HANDLERS_H
#define FD_HANDLERS_H

#include "req.h"

int	h_health(struct req *);
int	h_conv_create(struct req *);
int	h_conv_post(struct req *);
int	h_conv_poll(struct req *);
int	h_conv_options(struct req *);
int	h_widget(struct req *);
int	h_widget_options(struct req *);
int	h_appt_get(struct req *);
int	h_appt_cancel(struct req *);
int	h_webhook_whatsapp_verify(struct req *);
int	h_webhook_whatsapp(struct req *);
int	h_webhook_twilio(struct req *);
int	h_admin_login(struct req *);
int	h_admin_logout(struct req *);
int	h_admin_me(struct req *);
int	h_admin_users(struct req *);
int	h_admin_conversations(struct req *);
int	h_admin_conversation(struct req *);
int	h_admin_takeover(struct req *);
int	h_admin_reply(struct req *);
int	h_admin_handback(struct req *);
int	h_admin_callback_done(struct req *);
int	h_admin_bookings(struct req *);
int	h_admin_booking_cancel(struct req *);
int	h_admin_gaps(struct req *);
int	h_admin_gap_answer(struct req *);
int	h_admin_analytics(struct req *);
int	h_admin_analytics_csv(struct req *);
int	h_admin_audit(struct req *);

#endif
