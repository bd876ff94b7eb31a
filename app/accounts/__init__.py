"""Personal accounts, roles and separation of duties (issue 16 points 2–3).

    passwords  argon2id hashing of account passwords
    roles      the five roles, what each may do, `require(actor, action)`
    service    add / passwd / disable / list / authenticate accounts
    actor      who is logged in on an open store, and the guard services call (`check`)
    duties     separation of duties on measures, 销号 and blind reviews

A store without accounts works as one desk always has: every check passes and the operator is
whoever was typed or the OS login. Adding the first account (a 管理员) turns login on.
"""
