"""The changes the portaal makes: storing and removing drafts (`concepten`), sending a request as
a zaak with its documents (`indienen`), and the mail to the citizen (`mail`: the confirmation,
and a status mail as a consumer of the Zaken status events)."""
