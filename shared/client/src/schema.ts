// Generated from the gateway's OpenAPI document by `npm run generate:client` (openapi-typescript). Do not edit.
export interface paths {
    "/admin/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The SLO alerts as they fired and resolved (the lines of data/ops/alerts.jsonl, newest first; the last 200 in memory). */
        get: operations["listSloAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/bank-statements/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Has provider-sim (the bank) write the day's settlement statement now: settlement/settlement_YYYY-MM-DD.csv. */
        post: operations["writeBankStatement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/canaries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The routing canaries of routing.json: each one's state (running, promoted, rolled_back), its split, its configuration, the comparison of candidate and baseline now (payments, declines, errors, p99 latency over the window since its step began) and its decisions (the lines of data/ops/routing_decisions.jsonl). */
        get: operations["listCanaries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/canaries/{name}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Promotes a running canary by hand: the candidate takes every matching payment from now on (a routing.canary_promoted line with the comparison of the moment, `manual: true`). */
        post: operations["promoteCanary"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/canaries/{name}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rolls a running canary back by hand: the usual routing takes every matching payment from now on (a routing.canary_rolled_back line, `manual: true`). */
        post: operations["rollbackCanary"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/jobs/reconciliation/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Runs the reconciliation of a business day now in ledger-service (again if it ran before) and answers its summary. */
        post: operations["runReconciliation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/jobs/settlement/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Runs the settlement of a business day now in ledger-service (again if it ran before) and answers its summary. */
        post: operations["runSettlement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/merchants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List merchants (key ids and prefixes only). */
        get: operations["listMerchants"];
        put?: never;
        /** Create a merchant; the answer holds its API key, shown this once. */
        post: operations["createMerchant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/merchants/{id}/rotate-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new API key; older keys keep working for KEY_ROTATION_GRACE_MS (or grace_ms). */
        post: operations["rotateMerchantKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/processors/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** provider-sim's failure injection per processor (outage, latency, timeouts, declines...). */
        get: operations["retrieveProcessorFaults"];
        /** Changes provider-sim's failure injection (a partial object, merged and validated by provider-sim). */
        put: operations["updateProcessorFaults"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/settlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Business days as /v1/settlements lists them, with every merchant's payouts. */
        get: operations["listAllSettlementDays"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/settlements/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One business day with every merchant's payouts and every item of its reconciliation report (scope `all`), unexpected bank rows included. */
        get: operations["retrieveAllSettlementDay"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/settlements/{date}/explanations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each mismatch of the day's reconciliation report with its most likely cause (bank file late, fee changed, partial capture, refund after cut-off, duplicate bank row, currency mismatch, payment unknown to us...), what to do, and the lines it stands on (journal seq, bank CSV line): what `payrail explain --date` prints. Rule-based; it streams the ledger and the bank files of the day and its neighbours. */
        get: operations["explainReconciliation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/slos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every SLO of data/gateway/slos.json as last evaluated (every evaluation_interval, from every service's metrics samples): compliance and error budget over the budget period, each burn-rate policy's long and short window (good, total, burn rate) and whether it fires, and the alerts firing now. `?refresh=true` evaluates first. */
        get: operations["retrieveSloReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/triage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent failures grouped into incidents (what `payrail triage` prints): processors not answering and their breaker openings, declines by code and processor, card testing, webhook failures by endpoint and status, torn journal lines; each with its probable cause, blast radius (payments, merchants, amount), next action and the lines it stands on (file, seq, event id). Rule-based: the same files give the same answer. It reads the ledger, delivery and metrics files whole. */
        get: operations["retrieveTriage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/graphiql": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GraphiQL (graphiql 3.9.0, React 18.3.1) for /graphql, served from this gateway: put your key in its Headers tab. GET /graphql from a browser shows it too. */
        get: operations["getGraphiql"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/graphiql/assets/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file of the GraphiQL page: react.production.min.js, react-dom.production.min.js, graphiql.min.js, graphiql.min.css, graphiql-start.js, graphiql-page.css (from the npm packages graphiql, react and react-dom). */
        get: operations["getGraphiqlAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/graphql": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Run a GraphQL query given in the URL (query, variables, operationName): queries only, so a GET changes nothing. A browser (Accept: text/html) gets GraphiQL instead, with no key. Documents up to 16384 characters and 1000 tokens, fields nested up to 10 deep, at most 20000 fields resolved (estimated from first), queries only.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["getGraphql"];
        put?: never;
        /**
         * Run a GraphQL query over the merchant's payments, refunds, disputes, escrows, events, deliveries and processors (read-only; the same reads as REST). Documents up to 16384 characters and 1000 tokens, fields nested up to 10 deep, at most 20000 fields resolved (estimated from first), queries only.
         * @description API key scope: read (any key, restricted or not).
         */
        post: operations["postGraphql"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up. */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/disputes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a dispute on a captured payment (what a processor webhook does; for tests and demos). */
        post: operations["openDispute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/disputes/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a dispute as won or lost (what a processor webhook does; for tests and demos). */
        post: operations["closeDispute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/webhook-endpoints/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The dispatcher reports a 410 Gone: the endpoint is disabled (the gateway stays the only writer of endpoints). */
        post: operations["disableWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics in the text exposition format. */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document. */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readiness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same probe as /ready, for load balancers and orchestrators configured with this name. */
        get: operations["getReadinessAlias"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The data folder is writable and every journal is open and verified. */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/redoc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document rendered by ReDoc (Swagger UI is at /docs); the page loads only the bundle below and /openapi.json. */
        get: operations["getRedoc"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/redoc/redoc.standalone.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** ReDoc's standalone bundle (redoc 2.5.4, served from the npm package). */
        get: operations["getRedocBundle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit export of a payment (payment_intent) or of a date range (created[gte], created[lte]): objects, every ledger event with its hash and previous hash, and the chain verification.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveAuditExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-export/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same export as a PDF report a person reads (header, summary, chain verification, events table), base64 in `content_base64`.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveAuditExportPdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries in the dead-letter queue (every scheduled attempt failed, none succeeded since), newest event first, with `total`: how many the merchant has in the queue. `starting_after` (a delivery id) continues after that delivery. POST /v1/events/{id}/retry sends one again.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/escrow-custody": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the merchant's escrows hold now: the sum of every open escrow's amount_in_custody per currency, and how many escrows are open (by status).
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveEscrowCustody"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The events of GET /v1/events (newest first, `type` an exact type or a domain such as `refund.*`), each with where its delivery to each endpoint stands (the states of GET /v1/events/{id}/deliveries).
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listConsoleEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/merchant-sim/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What merchant-sim received of the merchant's events, with its badges (SIG OK/FAIL, RETRY n, Δ +s). `available: false` when merchant-sim cannot be reached.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listReceivedEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/merchant-sim/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One event as merchant-sim received it: every attempt with its signature check and the headers it got.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveReceivedEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Payments since `since` (unix seconds, default 24 h ago) by status, captured volume, decline reasons, and the webhook success rate of their events.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/payments/{id}/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The distributed trace of a payment: every span (gateway, vault, provider-sim, ledger-service, merchant-sim) of the traces that wrote its ledger lines, from the span file data/traces/spans.jsonl (at most 2000). Empty when tracing was off or its spans went to a collector (OTEL_EXPORTER_OTLP_ENDPOINT): look there.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrievePaymentTrace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/pulse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A short cursor that moves whenever something the console shows may have changed (a ledger line, a delivery attempt, an endpoint, a settlement or report file): the console polls it every 2 s and reloads what it shows when it moved. Compare it, do not parse it.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrievePulse"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The merchant's payments, refunds, disputes, escrows and events that `q` names, newest first: an id (pi_, re_, dp_, esc_, evt_) or its first 8+ characters, a customer email (any part of it, with an @), or a card's last 4 digits.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["searchConsole"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List disputes, newest first.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listDisputes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a dispute.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveDispute"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes/{id}/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A response draft of the dispute: the payment's timeline, authorization and capture, card checks, customer and delivery details, refunds and webhook receipts, each fact citing its journal line ({stream, seq, event_id}); an argument chosen by rules, the gaps, and an `evidence` body for POST /v1/disputes/{id}/evidence.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveDisputeDraft"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes/{id}/draft.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same draft as a PDF to read and attach (argument, gaps, suggested evidence, every fact with its line), base64 in `content_base64`.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveDisputeDraftPdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes/{id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit evidence (text and a file name): the dispute moves to under_review.
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["submitDisputeEvidence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escrows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List escrows, newest first.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listEscrows"];
        put?: never;
        /**
         * Create an escrow and its PaymentIntent (one commit): confirm the PaymentIntent to pay it; once captured, custody holds it for the payees.
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["createEscrow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escrows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve an escrow.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveEscrow"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escrows/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an escrow nobody has paid (its PaymentIntent is canceled with it).
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["cancelEscrow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escrows/{id}/dispute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a buyer's claim on your platform: release is frozen until it is resolved.
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["disputeEscrow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escrows/{id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund the buyer what custody still holds (a refund of the PaymentIntent, sent to its processor); released money stays with the payees.
         * @description API key scope: refunds:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["refundEscrow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escrows/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release custody to the payees: all of it, or part per payee (escrow.partially_released). Frozen while disputed.
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["releaseEscrow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escrows/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a dispute: release what custody holds to the payees, or refund it to the buyer (refused while a card dispute is undecided at the processor).
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["resolveEscrow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events, newest first: filter by type (or domain.*), payment_intent and created[gte|lte] (unix seconds).
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve an event: exactly the body its webhooks carry.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every attempt to deliver the event to each endpoint: attempt number, time, status code, latency, error, next retry, the signed headers sent.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listEventDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the event again now (to one endpoint, or every endpoint it concerns), re-signed with the current secrets: one more attempt, never a new event. Works from the dead-letter queue too.
         * @description API key scope: webhooks:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["retryEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every ledger event of a payment, its refunds and disputes, in commit order, each re-hashed and linked to the line before it (chain_verified).
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/me/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the merchant's keys that still work, newest first: names, prefixes, scopes, expiry and last use, never a secret.
         * @description API key scope: unrestricted (a key created without scopes); a restricted key gets 403 api_key_scope_required.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key, unrestricted or restricted to scopes, optionally expiring. The answer holds its secret, shown this once.
         * @description API key scope: unrestricted (a key created without scopes); a restricted key gets 403 api_key_scope_required.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/me/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a key: it stops working at once, in every gateway process. The merchant's last unrestricted key without an expiry cannot be deleted (409).
         * @description API key scope: unrestricted (a key created without scopes); a restricted key gets 403 api_key_scope_required.
         */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List PaymentIntents, newest first, with filters and cursor pagination.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listPaymentIntents"];
        put?: never;
        /**
         * Create a PaymentIntent (status created). Idempotency-Key is required.
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["createPaymentIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a PaymentIntent.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrievePaymentIntent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Void an authorized PaymentIntent (status reversed).
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["cancelPaymentIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents/{id}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Capture an authorized PaymentIntent, fully or partially (amount_to_capture ≤ authorized).
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["capturePaymentIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment-intents/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Authorize through a processor (and capture, with capture_method automatic). A decline answers 402 with decline_code. A Pix PaymentIntent is confirmed without payment_method: it stays created (processing) with its BR Code in next_action until paid (captured) or expired (reversed).
         * @description API key scope: payments:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["confirmPaymentIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/providers/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per processor: circuit breaker state, error rate over the window, p50/p99 latency, last failure.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listProviderHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List refunds, newest first.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listRefunds"];
        put?: never;
        /**
         * Refund a captured payment, fully or partially. Above REFUND_APPROVAL_THRESHOLD it waits in pending_approval.
         * @description API key scope: refunds:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["createRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a refund.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveRefund"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a pending_approval refund (the approver is recorded); it is then sent to the processor.
         * @description API key scope: refunds:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["approveRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a pending_approval refund (status failed, its amount refundable again).
         * @description API key scope: refunds:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["rejectRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Business days with a bank statement, payouts or a reconciliation report, newest first, with the merchant's payouts.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listSettlementDays"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settlements/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One business day: files, the merchant's payouts, and the reconciliation report: the merchant's mismatches, the whole report's counts, and how many items are not the merchant's.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveSettlementDay"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List endpoints, newest first.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register an endpoint. The answer holds its signing secret (whsec_...), shown this once.
         * @description API key scope: webhooks:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve an endpoint.
         * @description API key scope: read (any key, restricted or not).
         */
        get: operations["retrieveWebhookEndpoint"];
        put?: never;
        /**
         * Change the url, enabled_events or description, or disable/enable deliveries.
         * @description API key scope: webhooks:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["updateWebhookEndpoint"];
        /**
         * Delete an endpoint: nothing more is sent to it (its history stays in the journal).
         * @description API key scope: webhooks:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a new signing secret (shown this once). The previous one keeps signing for expires_in_ms (default 24 h): deliveries carry both signatures meanwhile.
         * @description API key scope: webhooks:write (or an unrestricted key); a key without it gets 403 api_key_scope_required.
         */
        post: operations["rotateWebhookEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/provider/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Webhooks from processors: providerA signs with Stripe-Signature, providerB with additionalData.hmacSignature. Invalid signatures are stored and answered 400; duplicates are answered 200 and applied once. */
        post: operations["receiveProcessorWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description An API key of the merchant: never its secret, which only its create answer holds.
         * @example {
         *       "id": "key_01jcy4pe7j9k1m3p5r7t9v1x3z",
         *       "object": "api_key",
         *       "name": "refunds desk",
         *       "prefix": "rk_test_9f2c",
         *       "scopes": [
         *         "refunds:write"
         *       ],
         *       "created": 1796212800,
         *       "expires_at": 1798804800,
         *       "last_used": null
         *     }
         */
        ApiKey: {
            created: number;
            expires_at: number | null;
            id: string;
            last_used: number | null;
            name: string | null;
            /** @constant */
            object: "api_key";
            /**
             * @description the first 12 characters: sk_test_ (unrestricted) or rk_test_ (restricted) and four more
             * @example rk_test_9f2c
             */
            prefix: string;
            scopes: ("read_only" | "payments:write" | "refunds:write" | "webhooks:write")[] | null;
        };
        ApiKeyList: {
            data: components["schemas"]["ApiKey"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /**
         * @description A new API key with its secret, shown this once (it is stored as a keyed hash).
         * @example {
         *       "id": "key_01jcy4pe7j9k1m3p5r7t9v1x3z",
         *       "object": "api_key",
         *       "name": "refunds desk",
         *       "prefix": "rk_test_9f2c",
         *       "scopes": [
         *         "refunds:write"
         *       ],
         *       "created": 1796212800,
         *       "expires_at": 1798804800,
         *       "last_used": null,
         *       "secret": "rk_test_9f2c61d0b7a54e3f8c2a1b0d9e8f7a6b5c4d3e2f"
         *     }
         */
        ApiKeyWithSecret: {
            created: number;
            expires_at: number | null;
            id: string;
            last_used: number | null;
            name: string | null;
            /** @constant */
            object: "api_key";
            /**
             * @description the first 12 characters: sk_test_ (unrestricted) or rk_test_ (restricted) and four more
             * @example rk_test_9f2c
             */
            prefix: string;
            scopes: ("read_only" | "payments:write" | "refunds:write" | "webhooks:write")[] | null;
            secret: string;
        };
        AuditExport: {
            chain_verified: boolean;
            disputes: components["schemas"]["Dispute"][];
            events: {
                correlation_id: string | null;
                data: Record<string, never>;
                event_id: string;
                hash: string;
                postings: Record<string, never>[] | null;
                prev_hash: string;
                ref: string;
                seq: number;
                stream: string;
                /** Format: date-time */
                timestamp: string;
                type: string;
                verification: {
                    hash_valid: boolean;
                    linked_to_previous: boolean;
                };
            }[];
            first_failure: {
                event_id: string;
                seq: number;
                stream: string;
            } | null;
            /** Format: date-time */
            generated_at: string;
            merchant: string;
            /** @constant */
            object: "audit_export";
            payments: components["schemas"]["PaymentIntent"][];
            refunds: components["schemas"]["Refund"][];
            scope: {
                payment_intent: string;
            } | {
                created_gte: number;
                created_lte: number;
            };
        };
        /** @description What provider-sim (the bank) wrote for the day. Relayed from provider-sim as it answered: provider-sim's /openapi.json documents its fields. */
        BankStatement: {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "name": "providerB for USD",
         *       "status": "running",
         *       "step": 1,
         *       "split_percent": 25,
         *       "step_started_at": "2026-12-07T14:00:00.000Z",
         *       "decisions": [
         *         {
         *           "seq": 1,
         *           "type": "routing.canary_started",
         *           "timestamp": "2026-12-07T13:50:00.000Z",
         *           "manual": false,
         *           "reason": "started at 10 %"
         *         },
         *         {
         *           "seq": 2,
         *           "type": "routing.canary_stepped",
         *           "timestamp": "2026-12-07T14:00:00.000Z",
         *           "manual": false,
         *           "reason": "within the margin over 600 s"
         *         }
         *       ],
         *       "config": {
         *         "name": "providerB for USD",
         *         "when": {
         *           "currency": [
         *             "USD"
         *           ]
         *         },
         *         "candidate": {
         *           "processor": "providerB"
         *         },
         *         "steps_percent": [
         *           10,
         *           25,
         *           50,
         *           100
         *         ],
         *         "sticky_by": "card_fingerprint",
         *         "window_ms": 600000,
         *         "min_payments": 50,
         *         "margin": {
         *           "decline_rate": 0.05,
         *           "error_rate": 0.02,
         *           "latency_p99_ratio": 1.5
         *         }
         *       },
         *       "comparison": {
         *         "since": "2026-12-07T14:00:00.000Z",
         *         "window_ms": 600000,
         *         "candidate": {
         *           "payments": 60,
         *           "approved": 57,
         *           "declined": 3,
         *           "errors": 0,
         *           "decline_rate": 0.05,
         *           "error_rate": 0,
         *           "latency_p99_ms": 41
         *         },
         *         "baseline": {
         *           "payments": 180,
         *           "approved": 172,
         *           "declined": 8,
         *           "errors": 0,
         *           "decline_rate": 0.0444,
         *           "error_rate": 0,
         *           "latency_p99_ms": 41
         *         },
         *         "margin": {
         *           "decline_rate": 0.05,
         *           "error_rate": 0.02,
         *           "latency_p99_ratio": 1.5
         *         },
         *         "verdict": "within the margin so far; the step lasts 600 s"
         *       }
         *     }
         */
        Canary: {
            comparison: {
                baseline: {
                    approved: number;
                    decline_rate: number;
                    declined: number;
                    error_rate: number;
                    /** @description declines without a processor answer (processing_error) */
                    errors: number;
                    latency_p99_ms: number | null;
                    payments: number;
                };
                candidate: {
                    approved: number;
                    decline_rate: number;
                    declined: number;
                    error_rate: number;
                    /** @description declines without a processor answer (processing_error) */
                    errors: number;
                    latency_p99_ms: number | null;
                    payments: number;
                };
                margin: {
                    decline_rate: number;
                    error_rate: number;
                    latency_p99_ratio: number;
                };
                /** Format: date-time */
                since: string;
                verdict: string;
                window_ms: number;
            };
            /** @description the canary as routing.json defines it */
            config: {
                [key: string]: unknown;
            };
            decisions: {
                manual: boolean;
                reason: string;
                seq: number;
                /** Format: date-time */
                timestamp: string;
                type: string;
            }[];
            name: string;
            /** @description the candidate's share of matching payments now */
            split_percent: number;
            /** @enum {string} */
            status: "running" | "promoted" | "rolled_back";
            step: number;
            step_started_at: string | null;
        };
        /**
         * @example {
         *       "object": "list",
         *       "url": "/admin/canaries",
         *       "has_more": false,
         *       "data": [
         *         {
         *           "name": "providerB for USD",
         *           "status": "running",
         *           "step": 1,
         *           "split_percent": 25,
         *           "step_started_at": "2026-12-07T14:00:00.000Z",
         *           "decisions": [
         *             {
         *               "seq": 1,
         *               "type": "routing.canary_started",
         *               "timestamp": "2026-12-07T13:50:00.000Z",
         *               "manual": false,
         *               "reason": "started at 10 %"
         *             },
         *             {
         *               "seq": 2,
         *               "type": "routing.canary_stepped",
         *               "timestamp": "2026-12-07T14:00:00.000Z",
         *               "manual": false,
         *               "reason": "within the margin over 600 s"
         *             }
         *           ],
         *           "config": {
         *             "name": "providerB for USD",
         *             "when": {
         *               "currency": [
         *                 "USD"
         *               ]
         *             },
         *             "candidate": {
         *               "processor": "providerB"
         *             },
         *             "steps_percent": [
         *               10,
         *               25,
         *               50,
         *               100
         *             ],
         *             "sticky_by": "card_fingerprint",
         *             "window_ms": 600000,
         *             "min_payments": 50,
         *             "margin": {
         *               "decline_rate": 0.05,
         *               "error_rate": 0.02,
         *               "latency_p99_ratio": 1.5
         *             }
         *           },
         *           "comparison": {
         *             "since": "2026-12-07T14:00:00.000Z",
         *             "window_ms": 600000,
         *             "candidate": {
         *               "payments": 60,
         *               "approved": 57,
         *               "declined": 3,
         *               "errors": 0,
         *               "decline_rate": 0.05,
         *               "error_rate": 0,
         *               "latency_p99_ms": 41
         *             },
         *             "baseline": {
         *               "payments": 180,
         *               "approved": 172,
         *               "declined": 8,
         *               "errors": 0,
         *               "decline_rate": 0.0444,
         *               "error_rate": 0,
         *               "latency_p99_ms": 41
         *             },
         *             "margin": {
         *               "decline_rate": 0.05,
         *               "error_rate": 0.02,
         *               "latency_p99_ratio": 1.5
         *             },
         *             "verdict": "within the margin so far; the step lasts 600 s"
         *           }
         *         }
         *       ]
         *     }
         */
        CanaryList: {
            data: components["schemas"]["Canary"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /**
         * @description What the vault says of the card behind the token; never the number.
         * @example {
         *       "brand": "visa",
         *       "bin": "424242",
         *       "last4": "4242",
         *       "exp_month": 12,
         *       "exp_year": 2030,
         *       "country": "US",
         *       "fingerprint": "b1946ac92492d2347c6235b4d2611184"
         *     }
         */
        CardSummary: {
            bin: string;
            brand: string;
            country?: string;
            exp_month?: number;
            exp_year?: number;
            /** @description the vault's keyed hash of the card number: the same card under any token */
            fingerprint?: string;
            last4: string;
        };
        ConsoleEventList: {
            data: {
                /** @description one per endpoint the event went to, in the order of their first attempts */
                deliveries: {
                    attempts: number;
                    delivery_id: string;
                    endpoint: {
                        id: string;
                        url: string;
                    };
                    next_retry_at: string | null;
                    /** @enum {string} */
                    state: "delivered" | "retrying" | "dead_lettered" | "disabled" | "failed";
                }[];
                event: components["schemas"]["Event"];
                /** @constant */
                object: "console_event";
            }[];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        DeadLetterList: {
            data: {
                attempts: number;
                delivery_id: string;
                endpoint: {
                    id: string;
                    secret_ids: string[];
                    url: string;
                };
                event_id: string;
                event_type: string;
                /** Format: date-time */
                last_attempt_at: string;
                last_error: string | null;
                last_status_code: number | null;
                /** @constant */
                object: "dead_letter";
            }[];
            has_more: boolean;
            /** @constant */
            object: "list";
            /** @description dead letters in the queue in all */
            total: number;
            url: string;
        };
        DeletedApiKey: {
            /** @constant */
            deleted: true;
            id: string;
            /** @constant */
            object: "api_key";
        };
        DeletedWebhookEndpoint: {
            /** @constant */
            deleted: true;
            id: string;
            /** @constant */
            object: "webhook_endpoint";
        };
        /** @description The attempts of an event, oldest first, and one summary per delivery (event × endpoint). */
        Deliveries: {
            data: components["schemas"]["DeliveryAttempt"][];
            deliveries: {
                attempts: number;
                delivery_id: string;
                endpoint: {
                    id: string;
                    secret_ids: string[];
                    url: string;
                };
                next_retry_at: string | null;
                /** @enum {string} */
                state: "delivered" | "retrying" | "dead_lettered" | "disabled" | "failed";
            }[];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /**
         * @description One attempt to deliver an event to an endpoint.
         * @example {
         *       "object": "webhook_delivery_attempt",
         *       "delivery_id": "del_01jcy4pd5g7j9k1m3p5r7t9v1x",
         *       "event_id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
         *       "event_type": "payment_intent.captured",
         *       "endpoint": {
         *         "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
         *         "url": "https://merchant.example/webhooks/payrail",
         *         "secret_ids": [
         *           "sec_2",
         *           "sec_1"
         *         ]
         *       },
         *       "attempt": 1,
         *       "attempted_at": "2026-12-02T12:01:00.120Z",
         *       "status_code": 200,
         *       "latency_ms": 18.4,
         *       "error": null,
         *       "outcome": "delivered",
         *       "next_retry_at": null,
         *       "webhook_lag_ms": 120,
         *       "headers": {
         *         "webhook-id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
         *         "webhook-timestamp": "1796212860",
         *         "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
         *         "webhook-attempt": "1"
         *       },
         *       "manual": false
         *     }
         */
        DeliveryAttempt: {
            attempt: number;
            /** Format: date-time */
            attempted_at: string;
            delivery_id: string;
            endpoint: {
                id: string;
                secret_ids: string[];
                url: string;
            };
            error: string | null;
            event_id: string;
            event_type: string;
            /** @description the Standard Webhooks headers sent (webhook-id, webhook-timestamp, webhook-signature, webhook-attempt) */
            headers: {
                [key: string]: string;
            };
            latency_ms: number;
            manual: boolean;
            next_retry_at: string | null;
            /** @constant */
            object: "webhook_delivery_attempt";
            /** @enum {string} */
            outcome: "delivered" | "failed" | "dead_lettered" | "disabled";
            status_code: number | null;
            webhook_lag_ms: number;
        };
        DeliveryAttemptList: {
            data: components["schemas"]["DeliveryAttempt"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /**
         * @description A cardholder's dispute (chargeback) of a payment, as its processor reports it.
         * @example {
         *       "id": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
         *       "object": "dispute",
         *       "merchant": "m_demo",
         *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
         *       "amount": 2000,
         *       "currency": "USD",
         *       "status": "under_review",
         *       "reason": "fraudulent",
         *       "processor": "providerA",
         *       "processor_dispute_id": "dp_3QxYz9d4e5f6",
         *       "funds_status": "withdrawn",
         *       "amount_withdrawn": 2000,
         *       "evidence": {
         *         "text": "Delivered and signed for on 2026-12-03.",
         *         "file_name": null,
         *         "submitted": 1796212920
         *       },
         *       "created": 1796212860,
         *       "updated": 1796212920
         *     }
         */
        Dispute: {
            /** @description minor units */
            amount: number;
            /** @description what is withdrawn from the merchant now: 0 or the disputed amount */
            amount_withdrawn: number;
            /** @description unix seconds */
            created: number;
            /** @description ISO 4217, upper case (requests may send lower case) */
            currency: string;
            evidence: {
                file_name: string | null;
                /** @description unix seconds */
                submitted: number;
                text: string;
            } | null;
            /**
             * @description where the disputed money is, as the processor moved it (orthogonal to the verdict)
             * @enum {string}
             */
            funds_status: "not_withdrawn" | "withdrawn" | "reinstated";
            id: string;
            merchant: string;
            /** @constant */
            object: "dispute";
            payment_intent: string;
            /** @enum {string} */
            processor: "providerA" | "providerB";
            processor_dispute_id: string | null;
            reason: string;
            /** @enum {string} */
            status: "opened" | "under_review" | "won" | "lost";
            /** @description unix seconds */
            updated: number;
        };
        /**
         * @example {
         *       "object": "dispute_draft",
         *       "merchant": "m_demo",
         *       "generated_at": "2026-12-08T09:00:00.000Z",
         *       "chain_verified": true,
         *       "dispute": {
         *         "id": "dp_01jd4f7q4p6r8t0v2x4z6b8d0f",
         *         "payment_intent": "pi_01jd4f09z8y7x6w5v4t3s2r1q0",
         *         "status": "opened",
         *         "reason": "fraudulent",
         *         "reason_category": "fraud",
         *         "amount": 125000,
         *         "currency": "USD",
         *         "processor": "providerA",
         *         "processor_dispute_id": "du_1QdXr5Lk8vY1aB2c",
         *         "funds_status": "withdrawn",
         *         "opened_at": "2026-12-07T16:20:11.000Z",
         *         "cite": {
         *           "stream": "ledger/disputes",
         *           "seq": 7,
         *           "event_id": "evt_01jd4f7q5b6c7d8e9f0g1h2j3k"
         *         },
         *         "status_cite": {
         *           "stream": "ledger/disputes",
         *           "seq": 8,
         *           "event_id": "evt_01jd4f7q6b7c8d9e0f1g2h3j4k"
         *         }
         *       },
         *       "argument": {
         *         "kind": "product_delivered",
         *         "summary": "The card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC. Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7. The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03. No refund was issued: none of the payment's 6 ledger lines is a refund.",
         *         "points": [
         *           {
         *             "text": "The card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC.",
         *             "cites": [
         *               {
         *                 "stream": "ledger/payments",
         *                 "seq": 43,
         *                 "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
         *               },
         *               {
         *                 "stream": "ledger/payments",
         *                 "seq": 44,
         *                 "event_id": "evt_01jd4f0a4b5c6d7e8f9g0h1j2k"
         *               },
         *               {
         *                 "stream": "ledger/payments",
         *                 "seq": 42,
         *                 "event_id": "evt_01jd4f0a2b3c4d5e6f7g8h9j0k"
         *               }
         *             ]
         *           },
         *           {
         *             "text": "Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7.",
         *             "cites": [
         *               {
         *                 "stream": "ledger/payments",
         *                 "seq": 41,
         *                 "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *               }
         *             ]
         *           },
         *           {
         *             "text": "The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03.",
         *             "cites": [
         *               {
         *                 "stream": "ledger/payments",
         *                 "seq": 41,
         *                 "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *               }
         *             ]
         *           },
         *           {
         *             "text": "No refund was issued: none of the payment's 6 ledger lines is a refund.",
         *             "cites": [
         *               {
         *                 "stream": "ledger/payments",
         *                 "seq": 45,
         *                 "event_id": "evt_01jd4f7q7b8c9d0e1f2g3h4j5k"
         *               }
         *             ]
         *           }
         *         ]
         *       },
         *       "authorization": {
         *         "processor": "providerA",
         *         "processor_reference": "ch_3QdWq2Lk8vY1aB2c",
         *         "amount": 125000,
         *         "currency": "USD",
         *         "at": "2026-12-01T10:15:02.000Z",
         *         "cite": {
         *           "stream": "ledger/payments",
         *           "seq": 43,
         *           "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
         *         }
         *       },
         *       "capture": {
         *         "processor": "providerA",
         *         "processor_reference": "ch_3QdWq2Lk8vY1aB2c",
         *         "amount": 125000,
         *         "currency": "USD",
         *         "at": "2026-12-01T10:15:02.000Z",
         *         "cite": {
         *           "stream": "ledger/payments",
         *           "seq": 44,
         *           "event_id": "evt_01jd4f0a4b5c6d7e8f9g0h1j2k"
         *         }
         *       },
         *       "card": [
         *         {
         *           "field": "brand",
         *           "value": "visa",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 42,
         *             "event_id": "evt_01jd4f0a2b3c4d5e6f7g8h9j0k"
         *           }
         *         },
         *         {
         *           "field": "last4",
         *           "value": "4242",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 42,
         *             "event_id": "evt_01jd4f0a2b3c4d5e6f7g8h9j0k"
         *           }
         *         }
         *       ],
         *       "card_checks": {
         *         "avs": "not recorded",
         *         "cvc": "not recorded",
         *         "explanation": "The authorization line records the processor, its reference and the amount only; no AVS or CVC result is kept by the ledger or by the processor simulator.",
         *         "cite": {
         *           "stream": "ledger/payments",
         *           "seq": 43,
         *           "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
         *         }
         *       },
         *       "customer": [
         *         {
         *           "field": "email",
         *           "value": "ada@example.com",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         },
         *         {
         *           "field": "name",
         *           "value": "Ada Lovelace",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         },
         *         {
         *           "field": "ip",
         *           "value": "203.0.113.7",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         }
         *       ],
         *       "delivery": [
         *         {
         *           "field": "carrier",
         *           "value": "UPS",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         },
         *         {
         *           "field": "delivered_at",
         *           "value": "2026-12-03",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         },
         *         {
         *           "field": "order_id",
         *           "value": "1042",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         },
         *         {
         *           "field": "shipping_line1",
         *           "value": "221B Baker Street",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         },
         *         {
         *           "field": "tracking_number",
         *           "value": "1Z999AA10123456784",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         }
         *       ],
         *       "other_details": [
         *         {
         *           "field": "description",
         *           "value": "Brass telescope",
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         }
         *       ],
         *       "refunds": [],
         *       "timeline": [
         *         {
         *           "at": "2026-12-01T10:15:01.000Z",
         *           "type": "payment_intent.created",
         *           "ref": "pi_01jd4f09z8y7x6w5v4t3s2r1q0",
         *           "amount": 125000,
         *           "verified": true,
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 41,
         *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
         *           }
         *         },
         *         {
         *           "at": "2026-12-01T10:15:02.000Z",
         *           "type": "payment_intent.authorized",
         *           "ref": "pi_01jd4f09z8y7x6w5v4t3s2r1q0",
         *           "amount": 125000,
         *           "verified": true,
         *           "cite": {
         *             "stream": "ledger/payments",
         *             "seq": 43,
         *             "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
         *           }
         *         },
         *         {
         *           "at": "2026-12-07T16:20:11.000Z",
         *           "type": "dispute.opened",
         *           "ref": "dp_01jd4f7q4p6r8t0v2x4z6b8d0f",
         *           "amount": 125000,
         *           "verified": true,
         *           "cite": {
         *             "stream": "ledger/disputes",
         *             "seq": 7,
         *             "event_id": "evt_01jd4f7q5b6c7d8e9f0g1h2j3k"
         *           }
         *         }
         *       ],
         *       "webhook_receipts": [
         *         {
         *           "event_id": "evt_01jd4f0a4b5c6d7e8f9g0h1j2k",
         *           "event_type": "payment_intent.captured",
         *           "endpoint_id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
         *           "endpoint_url": "https://merchant.example/webhooks/payrail",
         *           "delivery_id": "del_01jd4f0a5b6c7d8e9f0g1h2j3k",
         *           "attempt": 1,
         *           "attempted_at": "2026-12-01T10:15:02.120Z",
         *           "status_code": 200,
         *           "outcome": "delivered",
         *           "cite": {
         *             "stream": "outbox/deliveries",
         *             "seq": 130,
         *             "event_id": "evt_01jd4f0a9b8c7d6e5f4g3h2j1k"
         *           }
         *         }
         *       ],
         *       "webhook_receipts_omitted": 0,
         *       "evidence": {
         *         "text": "Response to dispute dp_01jd4f7q4p6r8t0v2x4z6b8d0f (reason: fraudulent) on payment pi_01jd4f09z8y7x6w5v4t3s2r1q0, $1,250.00 USD.\n\nThe card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC. Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7. The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03. No refund was issued: none of the payment's 6 ledger lines is a refund.",
         *         "file_name": "payrail_dispute_draft_dp_01jd4f7q4p6r8t0v2x4z6b8d0f.pdf"
         *       },
         *       "evidence_submittable": true,
         *       "gaps": [
         *         {
         *           "code": "card_checks_not_recorded",
         *           "message": "AVS and CVC results are not recorded: ask the processor for the authorization response (AVS, CVC, 3-D Secure) and attach it."
         *         }
         *       ]
         *     }
         */
        DisputeDraft: {
            argument: {
                /**
                 * @description the line of argument the rules chose, first that holds: refund_already_issued, no_authorization_on_record, product_delivered, product_shipped, authorized_and_captured
                 * @enum {string}
                 */
                kind: "refund_already_issued" | "no_authorization_on_record" | "product_delivered" | "product_shipped" | "authorized_and_captured";
                points: {
                    cites: {
                        event_id: string;
                        /** @description the line number in data/<stream>.jsonl */
                        seq: number;
                        /** @example ledger/payments */
                        stream: string;
                    }[];
                    text: string;
                }[];
                /** @description the points in plain language, most telling first for the reason */
                summary: string;
            };
            authorization: {
                /** @description minor units */
                amount: number;
                /** Format: date-time */
                at: string;
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                currency: string;
                processor: string;
                processor_reference: string | null;
            } | null;
            capture: {
                /** @description minor units */
                amount: number;
                /** Format: date-time */
                at: string;
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                currency: string;
                processor: string;
                processor_reference: string | null;
            } | null;
            /** @description brand, bin, last4, expiry, country (never the number) */
            card: {
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                field: string;
                value: string;
            }[];
            card_checks: {
                /** @constant */
                avs: "not recorded";
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                } | null;
                /** @constant */
                cvc: "not recorded";
                explanation: string;
            };
            /** @description every line of the payment re-hashed and linked to the line before it */
            chain_verified: boolean;
            /** @description the PaymentIntent's customer, a fact per field */
            customer: {
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                field: string;
                value: string;
            }[];
            /** @description metadata about the order and its shipping: shipping_*, tracking_*, carrier, order_*, delivery_*... */
            delivery: {
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                field: string;
                value: string;
            }[];
            dispute: {
                /** @description minor units */
                amount: number;
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                currency: string;
                /** @enum {string} */
                funds_status: "not_withdrawn" | "withdrawn" | "reinstated";
                id: string;
                /** Format: date-time */
                opened_at: string;
                payment_intent: string;
                processor: string;
                processor_dispute_id: string | null;
                reason: string;
                /** @enum {string} */
                reason_category: "fraud" | "not_received" | "duplicate" | "credit_not_processed" | "other";
                /** @enum {string} */
                status: "opened" | "under_review" | "won" | "lost";
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                status_cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
            };
            /** @description the body for POST /v1/disputes/{id}/evidence, as it is */
            evidence: {
                file_name: string;
                text: string;
            };
            /** @description false once the dispute is past opened (the evidence route answers 409) */
            evidence_submittable: boolean;
            /** @description what is missing that would strengthen the case */
            gaps: {
                /** @enum {string} */
                code: "card_checks_not_recorded" | "no_authorization" | "no_capture" | "no_customer_name" | "no_customer_email" | "no_order_reference" | "no_shipping_address" | "no_tracking_number" | "no_delivery_confirmation" | "no_webhook_receipt" | "chain_not_verified" | "evidence_not_submittable";
                message: string;
            }[];
            /** Format: date-time */
            generated_at: string;
            merchant: string;
            /** @constant */
            object: "dispute_draft";
            /** @description the description and every other metadata key */
            other_details: {
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                field: string;
                value: string;
            }[];
            refunds: {
                /** @description minor units */
                amount: number;
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                currency: string;
                id: string;
                reason: string | null;
                /** Format: date-time */
                requested_at: string;
                /** @enum {string} */
                status: "pending_approval" | "approved" | "succeeded" | "failed";
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                status_cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
            }[];
            /** @description every ledger line of the payment, its refunds and its dispute, in time order */
            timeline: {
                amount: number | null;
                /** Format: date-time */
                at: string;
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                ref: string;
                type: string;
                verified: boolean;
            }[];
            /** @description every attempt at delivering the payment's events to the merchant's endpoints, oldest first (outbox/deliveries lines) */
            webhook_receipts: {
                attempt: number;
                /** Format: date-time */
                attempted_at: string;
                /** @description The journal line a fact stands on: sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id prints event_id. */
                cite: {
                    event_id: string;
                    /** @description the line number in data/<stream>.jsonl */
                    seq: number;
                    /** @example ledger/payments */
                    stream: string;
                };
                delivery_id: string;
                endpoint_id: string;
                endpoint_url: string;
                event_id: string;
                event_type: string;
                /** @enum {string} */
                outcome: "delivered" | "failed" | "dead_lettered" | "disabled";
                status_code: number | null;
            }[];
            /** @description attempts past the 500 listed */
            webhook_receipts_omitted: number;
        };
        DisputeList: {
            data: components["schemas"]["Dispute"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        Error: {
            error: {
                amount_capturable?: number;
                amount_refundable?: number;
                byte?: number;
                /** @enum {string} */
                code: "invalid_json" | "body_too_large" | "nesting_too_deep" | "invalid_path_encoding" | "unsupported_media_type" | "unsupported_charset" | "unsupported_content_encoding" | "invalid_content_encoding" | "body_incomplete" | "request_malformed" | "headers_too_large" | "request_timeout" | "expectation_unsupported" | "parameter_invalid" | "parameter_missing" | "parameter_unknown" | "amount_must_be_positive" | "amount_too_large" | "currency_unsupported" | "metadata_too_large" | "raw_card_data_not_accepted" | "resource_missing" | "route_not_found" | "method_not_allowed" | "card_invalid" | "card_expired" | "cvc_invalid" | "purpose_not_allowed" | "authentication_required" | "api_key_invalid" | "internal_token_invalid" | "admin_token_invalid" | "rate_limited" | "api_key_scope_required" | "api_key_limit_reached" | "api_key_last_unrestricted" | "idempotency_key_missing" | "idempotency_key_reused" | "idempotency_key_in_use" | "invalid_state_transition" | "amount_exceeds_capturable" | "amount_exceeds_refundable" | "escrow_split_invalid" | "amount_exceeds_custody" | "card_declined" | "processor_refused" | "journal_unavailable" | "journal_corrupt" | "upstream_unavailable" | "internal_error" | "webhook_signature_invalid" | "job_already_running";
                /** @description the state the object is in */
                current_state?: string;
                /** @description card_declined: why (insufficient_funds, do_not_honor, ...) */
                decline_code?: string;
                dispute?: string;
                /** @description the dispute's state */
                dispute_status?: string;
                /** @description the escrow a state error is about (or that a payment funds) */
                escrow?: string;
                /**
                 * @description a capture or void of this payment is at the processor now
                 * @enum {string}
                 */
                in_flight?: "capture" | "cancel";
                line?: number;
                message: string;
                /** @description the parameter (or header) at fault */
                param?: string;
                /** @description the payment id (state errors), or the PaymentIntent (card_declined, processor_refused) */
                payment_intent?: string | components["schemas"]["PaymentIntent"];
                refund?: string;
                /** @description amount_exceeds_refundable: what can still be refunded */
                refundable?: number;
                request_id?: string;
                /** @description api_key_scope_required: the scope the route needs (payments:write, refunds:write, webhooks:write, or unrestricted) */
                required_scope?: string;
                /** @description also sent as the Retry-After header */
                retry_after_s?: number;
                signature_reason?: string;
                /** @description the state the object is in */
                status?: string;
                /** @description journal_corrupt: the stream, line and byte where verification failed */
                stream?: string;
                /** @enum {string} */
                type: "invalid_request_error" | "authentication_error" | "rate_limit_error" | "state_error" | "idempotency_error" | "card_error" | "service_unavailable_error" | "api_error";
                /** @description amount_exceeds_custody: what that payee still has in custody */
                unreleased?: number;
                webhook_endpoint?: string;
            };
        };
        /**
         * @description A buyer's payment held in custody for its payees: awaiting_payment → in_custody → released | refunded | disputed → (released | refunded); canceled when never paid.
         * @example {
         *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
         *       "object": "escrow",
         *       "merchant": "m_demo",
         *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
         *       "amount": 10000,
         *       "currency": "BRL",
         *       "status": "in_custody",
         *       "payees": [
         *         {
         *           "payee": "seller_42",
         *           "role": "seller",
         *           "amount": 9000,
         *           "released": 3000
         *         },
         *         {
         *           "payee": "platform",
         *           "role": "platform_fee",
         *           "amount": 1000,
         *           "released": 0
         *         }
         *       ],
         *       "amount_in_custody": 7000,
         *       "amount_released": 3000,
         *       "amount_refunded": 0,
         *       "release_at": null,
         *       "refund_deadline": 1798804800,
         *       "dispute": null,
         *       "refund": null,
         *       "description": "Order 1001",
         *       "metadata": {
         *         "order": "1001"
         *       },
         *       "created": 1796212800,
         *       "updated": 1796213400
         *     }
         */
        Escrow: {
            /** @description minor units */
            amount: number;
            /** @description what custody holds now: captured, less released and refunded */
            amount_in_custody: number;
            /** @description minor units */
            amount_refunded: number;
            /** @description minor units */
            amount_released: number;
            /** @description unix seconds */
            created: number;
            /** @description ISO 4217, upper case (requests may send lower case) */
            currency: string;
            description: string | null;
            dispute: {
                dispute: string | null;
                /** @description unix seconds */
                opened: number;
                reason: string;
                /** @enum {string} */
                source: "platform" | "processor";
            } | null;
            id: string;
            merchant: string;
            metadata: {
                [key: string]: string;
            };
            /** @constant */
            object: "escrow";
            payees: {
                /** @description the payee's share, minor units */
                amount: number;
                payee: string;
                /** @description released to the payee so far */
                released: number;
                /** @enum {string} */
                role: "seller" | "platform_fee";
            }[];
            payment_intent: string;
            refund: string | null;
            /** @description what is still in custody then is refunded to the buyer (unless disputed); never paid by then: canceled */
            refund_deadline: number;
            release_at: number | null;
            /** @enum {string} */
            status: "awaiting_payment" | "in_custody" | "released" | "refunded" | "disputed" | "canceled";
            /** @description unix seconds */
            updated: number;
        };
        /** @description What the merchant's escrows hold now (the console's custody balance). */
        EscrowCustody: {
            by_status: {
                awaiting_payment: number;
                disputed: number;
                in_custody: number;
            };
            /** @description what custody holds per currency, largest first */
            in_custody: {
                /** @description minor units */
                amount: number;
                currency: string;
                escrows: number;
            }[];
            /** @constant */
            object: "escrow_custody";
            /** @description escrows not closed yet (awaiting payment, in custody or disputed) */
            open_escrows: number;
        };
        EscrowList: {
            data: components["schemas"]["Escrow"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /**
         * @description A ledger event as merchants see it: exactly the body its webhooks carry.
         * @example {
         *       "id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
         *       "object": "event",
         *       "type": "payment_intent.captured",
         *       "created": 1796212860,
         *       "api_version": "2026-11-01",
         *       "livemode": false,
         *       "data": {
         *         "object": {
         *           "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
         *           "object": "payment_intent",
         *           "merchant": "m_demo",
         *           "amount": 2500,
         *           "currency": "USD",
         *           "status": "captured",
         *           "capture_method": "automatic",
         *           "amount_capturable": 0,
         *           "amount_received": 2500,
         *           "amount_refunded": 500,
         *           "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
         *           "card": {
         *             "brand": "visa",
         *             "bin": "424242",
         *             "last4": "4242",
         *             "exp_month": 12,
         *             "exp_year": 2030,
         *             "country": "US",
         *             "fingerprint": "b1946ac92492d2347c6235b4d2611184"
         *           },
         *           "customer": {
         *             "email": "ada@example.com"
         *           },
         *           "metadata": {
         *             "order": "1001"
         *           },
         *           "description": null,
         *           "processor": "providerA",
         *           "processor_reference": "ch_3QxYz8a1b2c3",
         *           "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
         *           "processing": false,
         *           "decline_code": null,
         *           "last_error": null,
         *           "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
         *           "reconciliation_status": null,
         *           "payment_method_types": [
         *             "card"
         *           ],
         *           "next_action": null,
         *           "simulate": null,
         *           "created": 1796212800,
         *           "updated": 1796212860
         *         }
         *       }
         *     }
         */
        Event: {
            /** @constant */
            api_version: "2026-11-01";
            /** @description unix seconds */
            created: number;
            data: {
                object: components["schemas"]["PaymentIntent"] | components["schemas"]["Refund"] | components["schemas"]["Dispute"] | components["schemas"]["Escrow"];
            };
            id: string;
            /** @constant */
            livemode: false;
            /** @constant */
            object: "event";
            /** @example payment_intent.captured */
            type: string;
        };
        EventList: {
            data: components["schemas"]["Event"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /** @description provider-sim's failure injection: {seed, providerA, providerB}. Relayed from provider-sim as it answered: provider-sim's /openapi.json documents its fields. */
        FaultSettings: {
            [key: string]: unknown;
        };
        File: {
            chain_verified: boolean;
            content_base64: string;
            /** @constant */
            content_type: "application/pdf";
            file_name: string;
            /** @constant */
            object: "file";
            size: number;
            title: string;
        };
        /**
         * @description A GraphQL response: data shaped by the query, and errors, each with extensions.code.
         * @example {
         *       "data": {
         *         "paymentIntents": {
         *           "edges": [
         *             {
         *               "cursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
         *               "node": {
         *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
         *                 "amount": 2500,
         *                 "currency": "USD",
         *                 "status": "captured"
         *               }
         *             }
         *           ],
         *           "pageInfo": {
         *             "hasNextPage": false,
         *             "endCursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w"
         *           }
         *         }
         *       }
         *     }
         * @example {
         *       "errors": [
         *         {
         *           "message": "This query nests fields 12 deep; at most 10 are allowed (a connection spends two: edges and node). Ask for less nesting, or read the nested objects in a second query.",
         *           "locations": [
         *             {
         *               "line": 1,
         *               "column": 1
         *             }
         *           ],
         *           "extensions": {
         *             "code": "QUERY_TOO_DEEP",
         *             "depth": 12,
         *             "depth_max": 10
         *           }
         *         }
         *       ]
         *     }
         */
        GraphQLResponse: {
            data?: Record<string, never> | null;
            errors?: {
                extensions: {
                    /**
                     * @description GRAPHQL_PARSE_FAILED: The document is not GraphQL: a syntax error, at the location given. QUERY_TOO_LARGE: The document has more tokens than the parser reads (GRAPHQL_LIMITS.document_tokens_max). GRAPHQL_VALIDATION_FAILED: The document does not fit the schema: an unknown field or argument, a wrong type, a missing variable. OPERATION_NOT_SUPPORTED: A mutation or a subscription: this API only reads (the REST API changes things). QUERY_TOO_DEEP: The query nests fields deeper than GRAPHQL_LIMITS.depth_max (extensions.depth, depth_max). QUERY_TOO_COSTLY: The query could resolve more fields than GRAPHQL_LIMITS.cost_max, or its introspection walks the type graph. BAD_REQUEST: The request names no operation it can run (operationName missing or unknown). BAD_USER_INPUT: A value the API refuses (a variable of the wrong type, a filter out of range): extensions.error says which, as REST would. NOT_FOUND: No such object among the merchant's (REST's 404 resource_missing, in extensions.error). SERVICE_UNAVAILABLE: Something this field needs is unavailable right now (REST would answer 503); retry. INTERNAL_SERVER_ERROR: A fault of ours, logged with the request id; the field is null.
                     * @enum {string}
                     */
                    code: "GRAPHQL_PARSE_FAILED" | "QUERY_TOO_LARGE" | "GRAPHQL_VALIDATION_FAILED" | "OPERATION_NOT_SUPPORTED" | "QUERY_TOO_DEEP" | "QUERY_TOO_COSTLY" | "BAD_REQUEST" | "BAD_USER_INPUT" | "NOT_FOUND" | "SERVICE_UNAVAILABLE" | "INTERNAL_SERVER_ERROR";
                    cost?: number;
                    cost_max?: number;
                    depth?: number;
                    depth_max?: number;
                    /** @description the REST error this is (its catalogue code, type, message, param) */
                    error?: components["schemas"]["Error"]["error"];
                };
                locations?: {
                    column: number;
                    line: number;
                }[];
                message: string;
                /** @description the field that failed, from the root */
                path?: (string | number)[];
            }[];
        };
        /** @description The summary of a settlement or reconciliation run. Relayed from ledger-service as it answered: ledger-service's /openapi.json documents its fields. */
        JobRun: {
            [key: string]: unknown;
        };
        Ledger: {
            chain_verified: boolean;
            events: {
                causation_id?: string;
                correlation_id?: string;
                data: Record<string, never>;
                epoch?: number;
                event_id: string;
                /** @example 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 */
                hash: string;
                idempotency?: {
                    key: string;
                    pending?: boolean;
                    request_hash: string;
                };
                merchant_id?: string;
                postings?: {
                    account: string;
                    amount: number;
                    currency: string;
                }[];
                /** @example 0000000000000000000000000000000000000000000000000000000000000000 */
                prev_hash: string;
                ref: string;
                seq: number;
                /** @example payments */
                stream: string;
                /** Format: date-time */
                timestamp: string;
                traceparent?: string;
                /** @example payment_intent.captured */
                type: string;
                verification: {
                    hash_valid: boolean;
                    linked_to_previous: boolean;
                };
            }[];
            /** @constant */
            object: "ledger";
            payment_intent: string;
        };
        Merchant: {
            created: string;
            id: string;
            keys: {
                created: string;
                expires_at: string | null;
                id: string;
                prefix: string;
            }[];
            name: string;
            /** @constant */
            object: "merchant";
            rate_limit_requests: number | null;
        };
        MerchantList: {
            data: components["schemas"]["Merchant"][];
            has_more: boolean;
            /** @constant */
            object: "list";
        };
        /** @description A merchant with its new API key, shown this once. */
        MerchantWithKey: {
            api_key: string;
            created: string;
            id: string;
            keys: {
                created: string;
                expires_at: string | null;
                id: string;
                prefix: string;
            }[];
            name: string;
            /** @constant */
            object: "merchant";
            rate_limit_requests: number | null;
        };
        /**
         * @example {
         *       "object": "reconciliation_explanations",
         *       "date": "2026-02-09",
         *       "timezone": "UTC",
         *       "report": "reports/reconciliation_report_2026-02-09.json",
         *       "status": "unbalanced",
         *       "explained": 1,
         *       "by_cause": {
         *         "bank_file_late": 0,
         *         "bank_row_missing": 0,
         *         "bank_row_invalid": 0,
         *         "duplicate_bank_row": 1,
         *         "refund_after_cutoff": 0,
         *         "chargeback_after_cutoff": 0,
         *         "partial_capture": 0,
         *         "amount_off_by_one": 0,
         *         "fee_changed": 0,
         *         "currency_mismatch": 0,
         *         "capture_not_in_ledger": 0,
         *         "unknown_payment": 0,
         *         "report_outdated": 0,
         *         "unexplained": 0
         *       },
         *       "notes": [],
         *       "items": [
         *         {
         *           "payment_id": "pi_01m98eyykgc948jq335m05cvf8",
         *           "status": "amount_mismatch",
         *           "cause": "duplicate_bank_row",
         *           "explanation": "The bank's statement of 2026-02-09 has 2 capture rows for it (lines 13, 15: USD 10.99, USD 10.99) where the ledger has one (captured USD 10.99 at 2026-02-09T12:00:00.000Z (seq 60)): the bank settled it twice, USD 10.99 too much.",
         *           "action": "Ask providerA to reverse the extra row (line 15); the merchant's payout counts it once.",
         *           "evidence": [
         *             {
         *               "file": "ledger/payments.jsonl",
         *               "seq": 60,
         *               "event_id": "evt_01m98eyykgc948jq335m05cvf9"
         *             },
         *             {
         *               "file": "settlement/settlement_2026-02-09.csv",
         *               "line": 13
         *             },
         *             {
         *               "file": "settlement/settlement_2026-02-09.csv",
         *               "line": 15
         *             }
         *           ]
         *         }
         *       ]
         *     }
         */
        MismatchExplanations: {
            by_cause: {
                [key: string]: number;
            };
            /** Format: date */
            date: string;
            explained: number;
            items: {
                action: string;
                /** @enum {string} */
                cause: "bank_file_late" | "bank_row_missing" | "bank_row_invalid" | "duplicate_bank_row" | "refund_after_cutoff" | "chargeback_after_cutoff" | "partial_capture" | "amount_off_by_one" | "fee_changed" | "currency_mismatch" | "capture_not_in_ledger" | "unknown_payment" | "report_outdated" | "unexplained";
                evidence: {
                    event_id?: string;
                    /** @description relative to the data folder */
                    file: string;
                    /** @description a CSV line (1 is the header) */
                    line?: number;
                    /** @description a journal line's seq (its line number) */
                    seq?: number;
                }[];
                explanation: string;
                payment_id: string;
                /** @enum {string} */
                status: "missing_at_bank" | "unexpected_at_bank" | "currency_mismatch" | "amount_mismatch" | "fee_mismatch";
            }[];
            notes: string[];
            /** @constant */
            object: "reconciliation_explanations";
            report: string;
            /** @enum {string} */
            status: "awaiting_bank_file" | "balanced" | "unbalanced";
            timezone: string;
        };
        Overview: {
            decline_reasons: {
                count: number;
                decline_code: string;
            }[];
            disputes_open: number;
            /** @constant */
            object: "overview";
            payments: {
                by_status: {
                    [key: string]: number;
                };
                total: number;
            };
            refunds_pending_approval: number;
            since: number;
            volume: {
                captured: number;
                currency: string;
                payments: number;
                refunded: number;
            }[];
            webhooks: {
                delivered: number;
                delivered_first_attempt: number;
                deliveries: number;
                success_rate: number | null;
            };
        };
        /**
         * @description A payment: created → authorized → captured → settled, or declined, reversed (voided, expired), chargeback. A Pix payment goes from created (with next_action) to captured when paid.
         * @example {
         *       "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
         *       "object": "payment_intent",
         *       "merchant": "m_demo",
         *       "amount": 2500,
         *       "currency": "USD",
         *       "status": "captured",
         *       "capture_method": "automatic",
         *       "amount_capturable": 0,
         *       "amount_received": 2500,
         *       "amount_refunded": 500,
         *       "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
         *       "card": {
         *         "brand": "visa",
         *         "bin": "424242",
         *         "last4": "4242",
         *         "exp_month": 12,
         *         "exp_year": 2030,
         *         "country": "US",
         *         "fingerprint": "b1946ac92492d2347c6235b4d2611184"
         *       },
         *       "customer": {
         *         "email": "ada@example.com"
         *       },
         *       "metadata": {
         *         "order": "1001"
         *       },
         *       "description": null,
         *       "processor": "providerA",
         *       "processor_reference": "ch_3QxYz8a1b2c3",
         *       "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
         *       "processing": false,
         *       "decline_code": null,
         *       "last_error": null,
         *       "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
         *       "reconciliation_status": null,
         *       "payment_method_types": [
         *         "card"
         *       ],
         *       "next_action": null,
         *       "simulate": null,
         *       "created": 1796212800,
         *       "updated": 1796212860
         *     }
         */
        PaymentIntent: {
            /** @description minor units */
            amount: number;
            /** @description minor units */
            amount_capturable: number;
            /** @description minor units */
            amount_received: number;
            /** @description minor units */
            amount_refunded: number;
            /** @enum {string} */
            capture_method: "automatic" | "manual";
            card: components["schemas"]["CardSummary"] | null;
            /** @description unix seconds */
            created: number;
            /** @description ISO 4217, upper case (requests may send lower case) */
            currency: string;
            customer: {
                country?: string;
                email?: string;
                /** @description the customer of the Stripe-compatible API, when the PaymentIntent was created there with one */
                id?: string;
                ip?: string;
                name?: string;
                phone?: string;
            } | null;
            decline_code: string | null;
            description: string | null;
            dispute: string | null;
            id: string;
            last_error: {
                code: string;
                decline_code: string;
                message: string;
            } | null;
            merchant: string;
            metadata: {
                [key: string]: string;
            };
            next_action: {
                pix_display_qr_code: {
                    /** @description the BR Code "copia e cola" payload (EMV QRCPS-MPM, one-time dynamic): show it as text or a QR code */
                    data: string;
                    /** @description unpaid by then, the PaymentIntent is reversed with reason expired */
                    expires_at: number;
                    txid: string;
                };
                /** @constant */
                type: "pix_display_qr_code";
            } | null;
            /** @constant */
            object: "payment_intent";
            payment_method: string | null;
            /** @description ['card'] (a vault token) or ['pix'] (BRL: the customer's bank pays a BR Code) */
            payment_method_types: ("card" | "pix")[];
            /** @description an authorization, capture or void is at a processor now */
            processing: boolean;
            processor: ("providerA" | "providerB") | null;
            processor_reference: string | null;
            reconciliation_status: string | null;
            routing_reason: string | null;
            /** @description test mode: the scripted outcome of each processor attempt (one for all, or step N for attempt N), from its creation or its confirmation; null when the card decides */
            simulate: (("success" | "insufficient_funds" | "card_declined" | "network_timeout" | "fraud_detected" | "bank_error" | "processing_delay" | "dispute_after_capture") | ("success" | "insufficient_funds" | "card_declined" | "network_timeout" | "fraud_detected" | "bank_error" | "processing_delay" | "dispute_after_capture")[]) | null;
            /** @enum {string} */
            status: "created" | "authorized" | "captured" | "settled" | "declined" | "reversed" | "chargeback";
            /** @description unix seconds */
            updated: number;
        };
        PaymentIntentList: {
            data: components["schemas"]["PaymentIntent"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        ProviderHealthList: {
            data: {
                /** @enum {string} */
                breaker: "closed" | "half_open" | "open";
                error_rate: number;
                /** @description and opens when this share of them failed */
                error_rate_max: number;
                last_failure: {
                    /** Format: date-time */
                    at: string;
                    error: string;
                } | null;
                latency_ms: {
                    p50: number | null;
                    p99: number | null;
                };
                opened_at: string | null;
                /** @enum {string} */
                provider: "providerA" | "providerB";
                requests_in_window: number;
                /** @description the breaker judges only once this many calls are in the window */
                requests_min: number;
            }[];
            /** @constant */
            object: "list";
        };
        ProviderWebhookReceipt: {
            /** @constant */
            received: true;
        };
        Pulse: {
            /** @description moves whenever a ledger line, a delivery attempt, an endpoint or a settlement or report file is written; compare it, do not parse it */
            cursor: string;
            /** @constant */
            object: "pulse";
        };
        /** @description An event as merchant-sim received it, with its attempts and signature checks. Relayed from merchant-sim as it answered: merchant-sim's /openapi.json documents its fields. */
        ReceivedEvent: {
            [key: string]: unknown;
        };
        ReceivedEventList: {
            /** @description false when merchant-sim could not be reached */
            available: boolean;
            data: components["schemas"]["ReceivedEvent"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            reason: string | null;
            url: string;
        };
        /**
         * @description A refund of part or all of a captured payment.
         * @example {
         *       "id": "re_01jcy4p9r3t5v7x9z1b3d5f7h9",
         *       "object": "refund",
         *       "merchant": "m_demo",
         *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
         *       "amount": 500,
         *       "currency": "USD",
         *       "status": "succeeded",
         *       "reason": "requested_by_customer",
         *       "approver": null,
         *       "failure_reason": null,
         *       "processor_reference": "re_3QxYz8a1b2c3",
         *       "metadata": {},
         *       "created": 1796212830,
         *       "updated": 1796212831
         *     }
         */
        Refund: {
            /** @description minor units */
            amount: number;
            approver: string | null;
            /** @description unix seconds */
            created: number;
            /** @description ISO 4217, upper case (requests may send lower case) */
            currency: string;
            failure_reason: string | null;
            id: string;
            merchant: string;
            metadata: {
                [key: string]: string;
            };
            /** @constant */
            object: "refund";
            payment_intent: string;
            processor_reference: string | null;
            reason: string | null;
            /** @enum {string} */
            status: "pending_approval" | "approved" | "succeeded" | "failed";
            /** @description unix seconds */
            updated: number;
        };
        RefundList: {
            data: components["schemas"]["Refund"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        SearchResultList: {
            data: {
                amount: number | null;
                created: number;
                currency: string | null;
                id: string;
                /** @enum {string} */
                kind: "payment_intent" | "refund" | "dispute" | "escrow" | "event";
                /** @enum {string} */
                matched: "id" | "email" | "last4";
                /** @constant */
                object: "search_result";
                payment_intent: string | null;
                status: string | null;
                summary: string;
            }[];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        SettlementDay: {
            bank_file: {
                bytes: number;
                file: string;
                /** Format: date-time */
                modified: string;
            } | null;
            /** Format: date */
            date: string;
            /** @constant */
            object: "settlement_day";
            payouts: {
                currency: string;
                fee: number;
                gross: number;
                /** @description kept in escrow custody (net of what custody refunded); not paid to the merchant */
                held: number;
                merchant: string;
                net: number;
                payments: number;
            }[] | null;
            payouts_file: {
                bytes: number;
                file: string;
                /** Format: date-time */
                modified: string;
            } | null;
            reconciliation: {
                /** Format: date-time */
                finished_at: string;
                status: string;
            } | null;
            report_file: {
                bytes: number;
                file: string;
                /** Format: date-time */
                modified: string;
            } | null;
            settled_at: string | null;
        };
        SettlementDayList: {
            data: components["schemas"]["SettlementDay"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        SettlementDayWithReport: {
            bank_file: {
                bytes: number;
                file: string;
                /** Format: date-time */
                modified: string;
            } | null;
            /** Format: date */
            date: string;
            /** @constant */
            object: "settlement_day";
            payouts: {
                currency: string;
                fee: number;
                gross: number;
                /** @description kept in escrow custody (net of what custody refunded); not paid to the merchant */
                held: number;
                merchant: string;
                net: number;
                payments: number;
            }[] | null;
            payouts_file: {
                bytes: number;
                file: string;
                /** Format: date-time */
                modified: string;
            } | null;
            reconciliation: {
                /** Format: date-time */
                finished_at: string;
                status: string;
            } | null;
            report: {
                bank: {
                    present: boolean;
                    rows: number;
                };
                /** Format: date-time */
                generated_at: string;
                items: {
                    bank: {
                        /** @description the rows' currency, or 'mixed' */
                        currency: string;
                        fee: number;
                        gross: number;
                        net: number;
                        processor_reference: string;
                        rows: number;
                    } | null;
                    ledger: {
                        currency: string;
                        fee: number;
                        gross: number;
                        merchant: string;
                        net: number;
                        /** @enum {string} */
                        processor: "providerA" | "providerB";
                    } | null;
                    merchant: string | null;
                    payment_id: string;
                    /** @enum {string} */
                    status: "missing_at_bank" | "unexpected_at_bank" | "currency_mismatch" | "amount_mismatch" | "fee_mismatch";
                }[];
                items_truncated: boolean;
                items_unavailable: string | null;
                /** @description the listed scope, by status */
                mismatches: {
                    amount_mismatch: number;
                    currency_mismatch: number;
                    fee_mismatch: number;
                    missing_at_bank: number;
                    unexpected_at_bank: number;
                };
                /** @description items that are not the merchant's: other merchants', and payments the ledger does not know (unexpected_at_bank); 0 for the admin */
                other_items: number;
                /** @description items of the whole report */
                report_items: number;
                /** @description the whole report (every merchant), by status */
                report_mismatches: {
                    amount_mismatch: number;
                    currency_mismatch: number;
                    fee_mismatch: number;
                    missing_at_bank: number;
                    unexpected_at_bank: number;
                };
                run_id: string;
                /**
                 * @description whose items are listed: the merchant's, or every merchant's (the admin route)
                 * @enum {string}
                 */
                scope: "merchant" | "all";
                /** @enum {string} */
                status: "awaiting_bank_file" | "balanced" | "unbalanced";
            } | null;
            report_file: {
                bytes: number;
                file: string;
                /** Format: date-time */
                modified: string;
            } | null;
            settled_at: string | null;
        };
        /**
         * @example {
         *       "object": "list",
         *       "url": "/admin/alerts",
         *       "has_more": false,
         *       "data": [
         *         {
         *           "seq": 7,
         *           "event_id": "evt_01jd4ex8m3q2w5e7r9t1y3u5i7",
         *           "type": "slo.alert_fired",
         *           "ref": "payment-confirmation-availability/fast burn",
         *           "timestamp": "2026-12-07T14:05:30.200Z",
         *           "data": {
         *             "slo": "payment-confirmation-availability",
         *             "slo_name": "Payment confirmation answers without a 5xx",
         *             "policy": "fast burn",
         *             "severity": "page",
         *             "objective": 0.999,
         *             "error_budget_remaining": 0.62,
         *             "burn_rate_threshold": 14.4,
         *             "long": {
         *               "window": "1h",
         *               "good": 9810,
         *               "total": 10000,
         *               "burn_rate": 19
         *             },
         *             "short": {
         *               "window": "5m",
         *               "good": 610,
         *               "total": 800,
         *               "burn_rate": 237.5
         *             },
         *             "message": "Payment confirmation answers without a 5xx: the error budget of 0.1% burns at ≥ 14.4x over 1h and 5m: 190 bad of 10000 in 1h (burn 19x), 190 of 800 in 5m (burn 237.5x)"
         *           }
         *         }
         *       ]
         *     }
         */
        SloAlertList: {
            data: {
                /** @description slo, policy, severity, objective, the two windows with their figures, error_budget_remaining, message (fired_at on a resolution) */
                data: {
                    [key: string]: unknown;
                };
                event_id: string;
                /** @description <slo id>/<policy name> */
                ref: string;
                /** @description the line of data/ops/alerts.jsonl */
                seq: number;
                /** Format: date-time */
                timestamp: string;
                /** @enum {string} */
                type: "slo.alert_fired" | "slo.alert_resolved";
            }[];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /**
         * @example {
         *       "object": "slo_report",
         *       "evaluated_at": "2026-12-07T14:05:30.200Z",
         *       "budget_period": "30d",
         *       "problem": null,
         *       "slos": [
         *         {
         *           "id": "payment-confirmation-availability",
         *           "name": "Payment confirmation answers without a 5xx",
         *           "kind": "availability",
         *           "objective": 0.999,
         *           "budget_period": "30d",
         *           "good": 499310,
         *           "total": 500000,
         *           "compliance": 0.99862,
         *           "error_budget": {
         *             "allowed": 500,
         *             "spent": 690,
         *             "remaining": -0.38
         *           },
         *           "policies": [
         *             {
         *               "policy": "fast burn",
         *               "severity": "page",
         *               "burn_rate_threshold": 14.4,
         *               "firing": true,
         *               "long": {
         *                 "window": "1h",
         *                 "good": 9810,
         *                 "total": 10000,
         *                 "burn_rate": 19
         *               },
         *               "short": {
         *                 "window": "5m",
         *                 "good": 610,
         *                 "total": 800,
         *                 "burn_rate": 237.5
         *               },
         *               "note": null
         *             },
         *             {
         *               "policy": "slow burn",
         *               "severity": "page",
         *               "burn_rate_threshold": 6,
         *               "firing": false,
         *               "long": {
         *                 "window": "6h",
         *                 "good": 59700,
         *                 "total": 60000,
         *                 "burn_rate": 5
         *               },
         *               "short": {
         *                 "window": "30m",
         *                 "good": 4800,
         *                 "total": 5000,
         *                 "burn_rate": 40
         *               },
         *               "note": null
         *             }
         *           ]
         *         }
         *       ],
         *       "firing": [
         *         {
         *           "seq": 7,
         *           "event_id": "evt_01jd4ex8m3q2w5e7r9t1y3u5i7",
         *           "type": "slo.alert_fired",
         *           "ref": "payment-confirmation-availability/fast burn",
         *           "timestamp": "2026-12-07T14:05:30.200Z",
         *           "data": {
         *             "slo": "payment-confirmation-availability",
         *             "slo_name": "Payment confirmation answers without a 5xx",
         *             "policy": "fast burn",
         *             "severity": "page",
         *             "objective": 0.999,
         *             "error_budget_remaining": 0.62,
         *             "burn_rate_threshold": 14.4,
         *             "long": {
         *               "window": "1h",
         *               "good": 9810,
         *               "total": 10000,
         *               "burn_rate": 19
         *             },
         *             "short": {
         *               "window": "5m",
         *               "good": 610,
         *               "total": 800,
         *               "burn_rate": 237.5
         *             },
         *             "message": "Payment confirmation answers without a 5xx: the error budget of 0.1% burns at ≥ 14.4x over 1h and 5m: 190 bad of 10000 in 1h (burn 19x), 190 of 800 in 5m (burn 237.5x)"
         *           }
         *         }
         *       ]
         *     }
         */
        SloReport: {
            budget_period: string;
            evaluated_at: string | null;
            firing: {
                /** @description slo, policy, severity, objective, the two windows with their figures, error_budget_remaining, message (fired_at on a resolution) */
                data: {
                    [key: string]: unknown;
                };
                event_id: string;
                /** @description <slo id>/<policy name> */
                ref: string;
                /** @description the line of data/ops/alerts.jsonl */
                seq: number;
                /** Format: date-time */
                timestamp: string;
                /** @enum {string} */
                type: "slo.alert_fired" | "slo.alert_resolved";
            }[];
            /** @constant */
            object: "slo_report";
            problem: string | null;
            slos: {
                budget_period: string;
                compliance: number | null;
                /** @description the reconciliation SLO only: the days it counts */
                days?: {
                    /** Format: date */
                    date: string;
                    /** Format: date-time */
                    deadline: string;
                    generated_at: string | null;
                    good: boolean;
                    reason: string;
                    report: string | null;
                }[];
                error_budget: {
                    allowed: number;
                    /** @description 1 untouched, 0 spent, negative when overspent */
                    remaining: number;
                    spent: number;
                };
                good: number;
                id: string;
                /** @enum {string} */
                kind: "availability" | "latency" | "webhook_delivery" | "reconciliation";
                name: string;
                objective: number;
                policies: {
                    burn_rate_threshold: number;
                    firing: boolean;
                    long: {
                        /** @description the bad share over the share the objective allows: 1 spends the budget exactly over the period */
                        burn_rate: number;
                        good: number;
                        total: number;
                        /** @description a duration such as 5m or 1h (`day` for the reconciliation SLO) */
                        window: string;
                    };
                    note: string | null;
                    policy: string;
                    /** @enum {string} */
                    severity: "page" | "ticket";
                    short: {
                        /** @description the bad share over the share the objective allows: 1 spends the budget exactly over the period */
                        burn_rate: number;
                        good: number;
                        total: number;
                        /** @description a duration such as 5m or 1h (`day` for the reconciliation SLO) */
                        window: string;
                    };
                }[];
                total: number;
            }[];
        };
        /**
         * @example {
         *       "object": "triage",
         *       "since": "2026-12-07T13:00:00.000Z",
         *       "generated_at": "2026-12-07T14:00:00.000Z",
         *       "read": {
         *         "ledger/payments.jsonl": 120
         *       },
         *       "incidents": [
         *         {
         *           "kind": "processor_unavailable",
         *           "severity": "page",
         *           "title": "providerB is not answering",
         *           "first_seen": "2026-12-07T13:40:02.120Z",
         *           "last_seen": "2026-12-07T13:41:10.004Z",
         *           "count": 5,
         *           "probable_cause": "providerB did not answer 4 authorizations (outage or timeouts); its breaker opened 1 time: the processor, not the cards.",
         *           "next_action": "Check providerB (provider-sim: GET /admin/processors/faults; a real gateway: its status page). Routing fails over while its breaker is open; if it lasts, add it to \"disabled\" in data/gateway/routing.json. Nothing was charged for these payments.",
         *           "blast_radius": {
         *             "payments": 4,
         *             "merchants": [
         *               "m_demo"
         *             ],
         *             "amount": {
         *               "USD": 4006
         *             }
         *           },
         *           "evidence": [
         *             {
         *               "file": "ledger/payments.jsonl",
         *               "seq": 3,
         *               "event_id": "evt_01jd4ex8m3q2w5e7r9t1y3u5i7",
         *               "note": "declined processing_error at providerB"
         *             }
         *           ]
         *         }
         *       ]
         *     }
         */
        TriageReport: {
            /** Format: date-time */
            generated_at: string;
            incidents: {
                blast_radius: {
                    amount: {
                        [key: string]: number;
                    };
                    events?: number;
                    merchants: string[];
                    payments: number;
                };
                count: number;
                evidence: {
                    event_id?: string;
                    /** @description relative to the data folder */
                    file: string;
                    note?: string;
                    /** @description the journal line's seq: its line number in the file */
                    seq?: number;
                }[];
                first_seen: string;
                /** @enum {string} */
                kind: "processor_unavailable" | "declines" | "card_testing" | "webhook_failures" | "journal";
                last_seen: string;
                next_action: string;
                probable_cause: string;
                /** @enum {string} */
                severity: "page" | "ticket";
                title: string;
            }[];
            /** @constant */
            object: "triage";
            read: {
                [key: string]: number;
            };
            /** Format: date-time */
            since: string;
        };
        /**
         * @description Where events are sent, and which; its secrets by id and lifetime, never their value.
         * @example {
         *       "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
         *       "object": "webhook_endpoint",
         *       "url": "https://merchant.example/webhooks/payrail",
         *       "enabled_events": [
         *         "payment_intent.captured",
         *         "refund.*"
         *       ],
         *       "description": null,
         *       "status": "enabled",
         *       "disabled_reason": null,
         *       "api_version": "2026-11-01",
         *       "dialect": "payrail",
         *       "livemode": false,
         *       "secrets": [
         *         {
         *           "id": "sec_2",
         *           "created": 1796216400,
         *           "expires_at": null,
         *           "status": "active"
         *         },
         *         {
         *           "id": "sec_1",
         *           "created": 1796212800,
         *           "expires_at": 1796302800,
         *           "status": "expiring"
         *         }
         *       ],
         *       "created": 1796212800
         *     }
         */
        WebhookEndpoint: {
            api_version: string;
            created: number;
            description: string | null;
            /**
             * @description payrail: PayRail's events signed per Standard Webhooks; stripe: created on the Stripe-compatible API, Stripe's events signed with Stripe-Signature
             * @enum {string}
             */
            dialect: "payrail" | "stripe";
            disabled_reason: ("requested" | "gone") | null;
            enabled_events: string[];
            id: string;
            /** @constant */
            livemode: false;
            /** @constant */
            object: "webhook_endpoint";
            secrets: {
                created: number;
                expires_at: number | null;
                /** @example sec_1 */
                id: string;
                /** @enum {string} */
                status: "active" | "expiring" | "expired";
            }[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            /** Format: uri */
            url: string;
        };
        WebhookEndpointList: {
            data: components["schemas"]["WebhookEndpoint"][];
            has_more: boolean;
            /** @constant */
            object: "list";
            url: string;
        };
        /**
         * @description A webhook endpoint with its new signing secret (whsec_...), shown this once.
         * @example {
         *       "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
         *       "object": "webhook_endpoint",
         *       "url": "https://merchant.example/webhooks/payrail",
         *       "enabled_events": [
         *         "payment_intent.captured",
         *         "refund.*"
         *       ],
         *       "description": null,
         *       "status": "enabled",
         *       "disabled_reason": null,
         *       "api_version": "2026-11-01",
         *       "dialect": "payrail",
         *       "livemode": false,
         *       "secrets": [
         *         {
         *           "id": "sec_2",
         *           "created": 1796216400,
         *           "expires_at": null,
         *           "status": "active"
         *         },
         *         {
         *           "id": "sec_1",
         *           "created": 1796212800,
         *           "expires_at": 1796302800,
         *           "status": "expiring"
         *         }
         *       ],
         *       "created": 1796212800,
         *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
         *     }
         */
        WebhookEndpointWithSecret: {
            api_version: string;
            created: number;
            description: string | null;
            /**
             * @description payrail: PayRail's events signed per Standard Webhooks; stripe: created on the Stripe-compatible API, Stripe's events signed with Stripe-Signature
             * @enum {string}
             */
            dialect: "payrail" | "stripe";
            disabled_reason: ("requested" | "gone") | null;
            enabled_events: string[];
            id: string;
            /** @constant */
            livemode: false;
            /** @constant */
            object: "webhook_endpoint";
            secret: string;
            secrets: {
                created: number;
                expires_at: number | null;
                /** @example sec_1 */
                id: string;
                /** @enum {string} */
                status: "active" | "expiring" | "expired";
            }[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            /** Format: uri */
            url: string;
        };
    };
    responses: {
        /** @description Our fault, or the data folder cannot be written: retry */
        Error5XX: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Bad input: error.param names the parameter */
        Error400: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Missing or wrong credentials */
        Error401: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Declined (error.decline_code), or the processor refused the capture or void */
        Error402: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Not allowed for this caller or purpose */
        Error403: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such object (or route) */
        Error404: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The path exists with other methods: see the Allow header */
        Error405: {
            headers: {
                /** @description the methods the path answers */
                Allow?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request was not received in time (the connection is then closed) */
        Error408: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The object's state does not allow this (error.current_state), or its Idempotency-Key is still in flight */
        Error409: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is larger than the limit */
        Error413: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not JSON: send Content-Type: application/json */
        Error415: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description An Expect header other than 100-continue */
        Error417: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The Idempotency-Key was used with another request */
        Error422: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Rate limited: retry after Retry-After seconds */
        Error429: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request line and headers are larger than the limit (the connection is then closed) */
        Error431: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A service or processor this request needs did not answer; retry */
        Error503: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listSloAlerts: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description Alert events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "url": "/admin/alerts",
                     *       "has_more": false,
                     *       "data": [
                     *         {
                     *           "seq": 7,
                     *           "event_id": "evt_01jd4ex8m3q2w5e7r9t1y3u5i7",
                     *           "type": "slo.alert_fired",
                     *           "ref": "payment-confirmation-availability/fast burn",
                     *           "timestamp": "2026-12-07T14:05:30.200Z",
                     *           "data": {
                     *             "slo": "payment-confirmation-availability",
                     *             "slo_name": "Payment confirmation answers without a 5xx",
                     *             "policy": "fast burn",
                     *             "severity": "page",
                     *             "objective": 0.999,
                     *             "error_budget_remaining": 0.62,
                     *             "burn_rate_threshold": 14.4,
                     *             "long": {
                     *               "window": "1h",
                     *               "good": 9810,
                     *               "total": 10000,
                     *               "burn_rate": 19
                     *             },
                     *             "short": {
                     *               "window": "5m",
                     *               "good": 610,
                     *               "total": 800,
                     *               "burn_rate": 237.5
                     *             },
                     *             "message": "Payment confirmation answers without a 5xx: the error budget of 0.1% burns at ≥ 14.4x over 1h and 5m: 190 bad of 10000 in 1h (burn 19x), 190 of 800 in 5m (burn 237.5x)"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SloAlertList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    writeBankStatement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description What provider-sim wrote */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": components["schemas"]["BankStatement"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    listCanaries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The canaries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "url": "/admin/canaries",
                     *       "has_more": false,
                     *       "data": [
                     *         {
                     *           "name": "providerB for USD",
                     *           "status": "running",
                     *           "step": 1,
                     *           "split_percent": 25,
                     *           "step_started_at": "2026-12-07T14:00:00.000Z",
                     *           "decisions": [
                     *             {
                     *               "seq": 1,
                     *               "type": "routing.canary_started",
                     *               "timestamp": "2026-12-07T13:50:00.000Z",
                     *               "manual": false,
                     *               "reason": "started at 10 %"
                     *             },
                     *             {
                     *               "seq": 2,
                     *               "type": "routing.canary_stepped",
                     *               "timestamp": "2026-12-07T14:00:00.000Z",
                     *               "manual": false,
                     *               "reason": "within the margin over 600 s"
                     *             }
                     *           ],
                     *           "config": {
                     *             "name": "providerB for USD",
                     *             "when": {
                     *               "currency": [
                     *                 "USD"
                     *               ]
                     *             },
                     *             "candidate": {
                     *               "processor": "providerB"
                     *             },
                     *             "steps_percent": [
                     *               10,
                     *               25,
                     *               50,
                     *               100
                     *             ],
                     *             "sticky_by": "card_fingerprint",
                     *             "window_ms": 600000,
                     *             "min_payments": 50,
                     *             "margin": {
                     *               "decline_rate": 0.05,
                     *               "error_rate": 0.02,
                     *               "latency_p99_ratio": 1.5
                     *             }
                     *           },
                     *           "comparison": {
                     *             "since": "2026-12-07T14:00:00.000Z",
                     *             "window_ms": 600000,
                     *             "candidate": {
                     *               "payments": 60,
                     *               "approved": 57,
                     *               "declined": 3,
                     *               "errors": 0,
                     *               "decline_rate": 0.05,
                     *               "error_rate": 0,
                     *               "latency_p99_ms": 41
                     *             },
                     *             "baseline": {
                     *               "payments": 180,
                     *               "approved": 172,
                     *               "declined": 8,
                     *               "errors": 0,
                     *               "decline_rate": 0.0444,
                     *               "error_rate": 0,
                     *               "latency_p99_ms": 41
                     *             },
                     *             "margin": {
                     *               "decline_rate": 0.05,
                     *               "error_rate": 0.02,
                     *               "latency_p99_ratio": 1.5
                     *             },
                     *             "verdict": "within the margin so far; the step lasts 600 s"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["CanaryList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    promoteCanary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The canary after the decision */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "providerB for USD",
                     *       "status": "running",
                     *       "step": 1,
                     *       "split_percent": 25,
                     *       "step_started_at": "2026-12-07T14:00:00.000Z",
                     *       "decisions": [
                     *         {
                     *           "seq": 1,
                     *           "type": "routing.canary_started",
                     *           "timestamp": "2026-12-07T13:50:00.000Z",
                     *           "manual": false,
                     *           "reason": "started at 10 %"
                     *         },
                     *         {
                     *           "seq": 2,
                     *           "type": "routing.canary_stepped",
                     *           "timestamp": "2026-12-07T14:00:00.000Z",
                     *           "manual": false,
                     *           "reason": "within the margin over 600 s"
                     *         }
                     *       ],
                     *       "config": {
                     *         "name": "providerB for USD",
                     *         "when": {
                     *           "currency": [
                     *             "USD"
                     *           ]
                     *         },
                     *         "candidate": {
                     *           "processor": "providerB"
                     *         },
                     *         "steps_percent": [
                     *           10,
                     *           25,
                     *           50,
                     *           100
                     *         ],
                     *         "sticky_by": "card_fingerprint",
                     *         "window_ms": 600000,
                     *         "min_payments": 50,
                     *         "margin": {
                     *           "decline_rate": 0.05,
                     *           "error_rate": 0.02,
                     *           "latency_p99_ratio": 1.5
                     *         }
                     *       },
                     *       "comparison": {
                     *         "since": "2026-12-07T14:00:00.000Z",
                     *         "window_ms": 600000,
                     *         "candidate": {
                     *           "payments": 60,
                     *           "approved": 57,
                     *           "declined": 3,
                     *           "errors": 0,
                     *           "decline_rate": 0.05,
                     *           "error_rate": 0,
                     *           "latency_p99_ms": 41
                     *         },
                     *         "baseline": {
                     *           "payments": 180,
                     *           "approved": 172,
                     *           "declined": 8,
                     *           "errors": 0,
                     *           "decline_rate": 0.0444,
                     *           "error_rate": 0,
                     *           "latency_p99_ms": 41
                     *         },
                     *         "margin": {
                     *           "decline_rate": 0.05,
                     *           "error_rate": 0.02,
                     *           "latency_p99_ratio": 1.5
                     *         },
                     *         "verdict": "within the margin so far; the step lasts 600 s"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Canary"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    rollbackCanary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The canary after the decision */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "providerB for USD",
                     *       "status": "running",
                     *       "step": 1,
                     *       "split_percent": 25,
                     *       "step_started_at": "2026-12-07T14:00:00.000Z",
                     *       "decisions": [
                     *         {
                     *           "seq": 1,
                     *           "type": "routing.canary_started",
                     *           "timestamp": "2026-12-07T13:50:00.000Z",
                     *           "manual": false,
                     *           "reason": "started at 10 %"
                     *         },
                     *         {
                     *           "seq": 2,
                     *           "type": "routing.canary_stepped",
                     *           "timestamp": "2026-12-07T14:00:00.000Z",
                     *           "manual": false,
                     *           "reason": "within the margin over 600 s"
                     *         }
                     *       ],
                     *       "config": {
                     *         "name": "providerB for USD",
                     *         "when": {
                     *           "currency": [
                     *             "USD"
                     *           ]
                     *         },
                     *         "candidate": {
                     *           "processor": "providerB"
                     *         },
                     *         "steps_percent": [
                     *           10,
                     *           25,
                     *           50,
                     *           100
                     *         ],
                     *         "sticky_by": "card_fingerprint",
                     *         "window_ms": 600000,
                     *         "min_payments": 50,
                     *         "margin": {
                     *           "decline_rate": 0.05,
                     *           "error_rate": 0.02,
                     *           "latency_p99_ratio": 1.5
                     *         }
                     *       },
                     *       "comparison": {
                     *         "since": "2026-12-07T14:00:00.000Z",
                     *         "window_ms": 600000,
                     *         "candidate": {
                     *           "payments": 60,
                     *           "approved": 57,
                     *           "declined": 3,
                     *           "errors": 0,
                     *           "decline_rate": 0.05,
                     *           "error_rate": 0,
                     *           "latency_p99_ms": 41
                     *         },
                     *         "baseline": {
                     *           "payments": 180,
                     *           "approved": 172,
                     *           "declined": 8,
                     *           "errors": 0,
                     *           "decline_rate": 0.0444,
                     *           "error_rate": 0,
                     *           "latency_p99_ms": 41
                     *         },
                     *         "margin": {
                     *           "decline_rate": 0.05,
                     *           "error_rate": 0.02,
                     *           "latency_p99_ratio": 1.5
                     *         },
                     *         "verdict": "within the margin so far; the step lasts 600 s"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Canary"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    runReconciliation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The run summary */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": components["schemas"]["JobRun"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    runSettlement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The run summary */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": components["schemas"]["JobRun"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    listMerchants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The merchants */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "m_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "object": "merchant",
                     *           "name": "string",
                     *           "rate_limit_requests": null,
                     *           "keys": [
                     *             {
                     *               "id": "string",
                     *               "prefix": "string",
                     *               "created": "string",
                     *               "expires_at": null
                     *             }
                     *           ],
                     *           "created": "string"
                     *         }
                     *       ],
                     *       "has_more": false
                     *     }
                     */
                    "application/json": components["schemas"]["MerchantList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    createMerchant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "string"
                 *     }
                 */
                "application/json": {
                    name: string;
                    rate_limit_requests?: number;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The merchant and its API key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "m_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "object": "merchant",
                     *       "name": "string",
                     *       "rate_limit_requests": null,
                     *       "keys": [
                     *         {
                     *           "id": "string",
                     *           "prefix": "string",
                     *           "created": "string",
                     *           "expires_at": null
                     *         }
                     *       ],
                     *       "created": "string",
                     *       "api_key": "sk_test_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *     }
                     */
                    "application/json": components["schemas"]["MerchantWithKey"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    rotateMerchantKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": {
                    grace_ms?: number;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The merchant and its new API key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "m_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "object": "merchant",
                     *       "name": "string",
                     *       "rate_limit_requests": null,
                     *       "keys": [
                     *         {
                     *           "id": "string",
                     *           "prefix": "string",
                     *           "created": "string",
                     *           "expires_at": null
                     *         }
                     *       ],
                     *       "created": "string",
                     *       "api_key": "sk_test_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *     }
                     */
                    "application/json": components["schemas"]["MerchantWithKey"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveProcessorFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description {seed, providerA, providerB} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": components["schemas"]["FaultSettings"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    updateProcessorFaults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": {
                    providerA?: Record<string, never>;
                    providerB?: Record<string, never>;
                    seed?: number;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The settings now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example {} */
                    "application/json": components["schemas"]["FaultSettings"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    listAllSettlementDays: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of settlement days */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "object": "settlement_day",
                     *           "date": "2026-12-02",
                     *           "bank_file": null,
                     *           "payouts_file": null,
                     *           "report_file": null,
                     *           "payouts": null,
                     *           "settled_at": null,
                     *           "reconciliation": null
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["SettlementDayList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveAllSettlementDay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The settlement day and its whole report (null before reconciliation) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "settlement_day",
                     *       "date": "2026-12-02",
                     *       "bank_file": null,
                     *       "payouts_file": null,
                     *       "report_file": null,
                     *       "payouts": null,
                     *       "settled_at": null,
                     *       "reconciliation": null,
                     *       "report": null
                     *     }
                     */
                    "application/json": components["schemas"]["SettlementDayWithReport"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    explainReconciliation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The explanations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "reconciliation_explanations",
                     *       "date": "2026-02-09",
                     *       "timezone": "UTC",
                     *       "report": "reports/reconciliation_report_2026-02-09.json",
                     *       "status": "unbalanced",
                     *       "explained": 1,
                     *       "by_cause": {
                     *         "bank_file_late": 0,
                     *         "bank_row_missing": 0,
                     *         "bank_row_invalid": 0,
                     *         "duplicate_bank_row": 1,
                     *         "refund_after_cutoff": 0,
                     *         "chargeback_after_cutoff": 0,
                     *         "partial_capture": 0,
                     *         "amount_off_by_one": 0,
                     *         "fee_changed": 0,
                     *         "currency_mismatch": 0,
                     *         "capture_not_in_ledger": 0,
                     *         "unknown_payment": 0,
                     *         "report_outdated": 0,
                     *         "unexplained": 0
                     *       },
                     *       "notes": [],
                     *       "items": [
                     *         {
                     *           "payment_id": "pi_01m98eyykgc948jq335m05cvf8",
                     *           "status": "amount_mismatch",
                     *           "cause": "duplicate_bank_row",
                     *           "explanation": "The bank's statement of 2026-02-09 has 2 capture rows for it (lines 13, 15: USD 10.99, USD 10.99) where the ledger has one (captured USD 10.99 at 2026-02-09T12:00:00.000Z (seq 60)): the bank settled it twice, USD 10.99 too much.",
                     *           "action": "Ask providerA to reverse the extra row (line 15); the merchant's payout counts it once.",
                     *           "evidence": [
                     *             {
                     *               "file": "ledger/payments.jsonl",
                     *               "seq": 60,
                     *               "event_id": "evt_01m98eyykgc948jq335m05cvf9"
                     *             },
                     *             {
                     *               "file": "settlement/settlement_2026-02-09.csv",
                     *               "line": 13
                     *             },
                     *             {
                     *               "file": "settlement/settlement_2026-02-09.csv",
                     *               "line": 15
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["MismatchExplanations"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveSloReport: {
        parameters: {
            query?: {
                refresh?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The SLOs now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "slo_report",
                     *       "evaluated_at": "2026-12-07T14:05:30.200Z",
                     *       "budget_period": "30d",
                     *       "problem": null,
                     *       "slos": [
                     *         {
                     *           "id": "payment-confirmation-availability",
                     *           "name": "Payment confirmation answers without a 5xx",
                     *           "kind": "availability",
                     *           "objective": 0.999,
                     *           "budget_period": "30d",
                     *           "good": 499310,
                     *           "total": 500000,
                     *           "compliance": 0.99862,
                     *           "error_budget": {
                     *             "allowed": 500,
                     *             "spent": 690,
                     *             "remaining": -0.38
                     *           },
                     *           "policies": [
                     *             {
                     *               "policy": "fast burn",
                     *               "severity": "page",
                     *               "burn_rate_threshold": 14.4,
                     *               "firing": true,
                     *               "long": {
                     *                 "window": "1h",
                     *                 "good": 9810,
                     *                 "total": 10000,
                     *                 "burn_rate": 19
                     *               },
                     *               "short": {
                     *                 "window": "5m",
                     *                 "good": 610,
                     *                 "total": 800,
                     *                 "burn_rate": 237.5
                     *               },
                     *               "note": null
                     *             },
                     *             {
                     *               "policy": "slow burn",
                     *               "severity": "page",
                     *               "burn_rate_threshold": 6,
                     *               "firing": false,
                     *               "long": {
                     *                 "window": "6h",
                     *                 "good": 59700,
                     *                 "total": 60000,
                     *                 "burn_rate": 5
                     *               },
                     *               "short": {
                     *                 "window": "30m",
                     *                 "good": 4800,
                     *                 "total": 5000,
                     *                 "burn_rate": 40
                     *               },
                     *               "note": null
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "firing": [
                     *         {
                     *           "seq": 7,
                     *           "event_id": "evt_01jd4ex8m3q2w5e7r9t1y3u5i7",
                     *           "type": "slo.alert_fired",
                     *           "ref": "payment-confirmation-availability/fast burn",
                     *           "timestamp": "2026-12-07T14:05:30.200Z",
                     *           "data": {
                     *             "slo": "payment-confirmation-availability",
                     *             "slo_name": "Payment confirmation answers without a 5xx",
                     *             "policy": "fast burn",
                     *             "severity": "page",
                     *             "objective": 0.999,
                     *             "error_budget_remaining": 0.62,
                     *             "burn_rate_threshold": 14.4,
                     *             "long": {
                     *               "window": "1h",
                     *               "good": 9810,
                     *               "total": 10000,
                     *               "burn_rate": 19
                     *             },
                     *             "short": {
                     *               "window": "5m",
                     *               "good": 610,
                     *               "total": 800,
                     *               "burn_rate": 237.5
                     *             },
                     *             "message": "Payment confirmation answers without a 5xx: the error budget of 0.1% burns at ≥ 14.4x over 1h and 5m: 190 bad of 10000 in 1h (burn 19x), 190 of 800 in 5m (burn 237.5x)"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SloReport"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveTriage: {
        parameters: {
            query?: {
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The incidents */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "triage",
                     *       "since": "2026-12-07T13:00:00.000Z",
                     *       "generated_at": "2026-12-07T14:00:00.000Z",
                     *       "read": {
                     *         "ledger/payments.jsonl": 120
                     *       },
                     *       "incidents": [
                     *         {
                     *           "kind": "processor_unavailable",
                     *           "severity": "page",
                     *           "title": "providerB is not answering",
                     *           "first_seen": "2026-12-07T13:40:02.120Z",
                     *           "last_seen": "2026-12-07T13:41:10.004Z",
                     *           "count": 5,
                     *           "probable_cause": "providerB did not answer 4 authorizations (outage or timeouts); its breaker opened 1 time: the processor, not the cards.",
                     *           "next_action": "Check providerB (provider-sim: GET /admin/processors/faults; a real gateway: its status page). Routing fails over while its breaker is open; if it lasts, add it to \"disabled\" in data/gateway/routing.json. Nothing was charged for these payments.",
                     *           "blast_radius": {
                     *             "payments": 4,
                     *             "merchants": [
                     *               "m_demo"
                     *             ],
                     *             "amount": {
                     *               "USD": 4006
                     *             }
                     *           },
                     *           "evidence": [
                     *             {
                     *               "file": "ledger/payments.jsonl",
                     *               "seq": 3,
                     *               "event_id": "evt_01jd4ex8m3q2w5e7r9t1y3u5i7",
                     *               "note": "declined processing_error at providerB"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["TriageReport"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    getGraphiql: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The GraphiQL page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example <!doctype html>
                     *     <html lang="en">
                     *     <head>
                     *     <meta charset="utf-8">
                     *     <meta name="viewport" content="width=device-width, initial-scale=1">
                     *     <title>PayRail GraphQL (GraphiQL)</title>
                     *     <link rel="icon" href="data:,">
                     *     <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
                     *     <link rel="stylesheet" href="/graphiql/assets/graphiql-page.css">
                     *     </head>
                     *     <body>
                     *     <div id="graphiql">Loading GraphiQL…</div>
                     *     <script src="/graphiql/assets/react.production.min.js"></script>
                     *     <script src="/graphiql/assets/react-dom.production.min.js"></script>
                     *     <script src="/graphiql/assets/graphiql.min.js"></script>
                     *     <script src="/graphiql/assets/graphiql-start.js"></script>
                     *     </body>
                     *     </html>
                     */
                    "text/html": string;
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    getGraphiqlAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example html, body { margin: 0; } */
                    "text/css": string;
                    /** @example 'use strict'; */
                    "text/javascript": string;
                };
            };
            400: components["responses"]["Error400"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    getGraphql: {
        parameters: {
            query: {
                extensions?: string;
                operationName?: string;
                query: string;
                variables?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The answer (GraphQL over HTTP): data, and errors each with extensions.code; with Accept: application/json a document that cannot run is answered here too, with errors only. For Accept: text/html, the GraphiQL page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": {
                     *         "paymentIntents": {
                     *           "edges": [
                     *             {
                     *               "cursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *               "node": {
                     *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *                 "amount": 2500,
                     *                 "currency": "USD",
                     *                 "status": "captured"
                     *               }
                     *             }
                     *           ],
                     *           "pageInfo": {
                     *             "hasNextPage": false,
                     *             "endCursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/graphql-response+json": components["schemas"]["GraphQLResponse"];
                    /**
                     * @example {
                     *       "data": {
                     *         "paymentIntents": {
                     *           "edges": [
                     *             {
                     *               "cursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *               "node": {
                     *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *                 "amount": 2500,
                     *                 "currency": "USD",
                     *                 "status": "captured"
                     *               }
                     *             }
                     *           ],
                     *           "pageInfo": {
                     *             "hasNextPage": false,
                     *             "endCursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["GraphQLResponse"];
                    /**
                     * @example <!doctype html>
                     *     <html lang="en">
                     *     <head>
                     *     <meta charset="utf-8">
                     *     <meta name="viewport" content="width=device-width, initial-scale=1">
                     *     <title>PayRail GraphQL (GraphiQL)</title>
                     *     <link rel="icon" href="dat
                     */
                    "text/html": string;
                };
            };
            /** @description The request is not a GraphQL request (REST's Error: parameter_missing, parameter_invalid...); or, asked with Accept: application/graphql-response+json, a document that cannot run (errors with extensions.code) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": {
                     *         "paymentIntents": {
                     *           "edges": [
                     *             {
                     *               "cursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *               "node": {
                     *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *                 "amount": 2500,
                     *                 "currency": "USD",
                     *                 "status": "captured"
                     *               }
                     *             }
                     *           ],
                     *           "pageInfo": {
                     *             "hasNextPage": false,
                     *             "endCursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/graphql-response+json": components["schemas"]["GraphQLResponse"];
                    /**
                     * @example {
                     *       "error": {
                     *         "type": "invalid_request_error",
                     *         "code": "invalid_json",
                     *         "message": "string"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Error401"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    postGraphql: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "query": "{ paymentIntents(first: 2, status: captured) { edges { cursor node { id amount currency status } } pageInfo { hasNextPage endCursor } } }"
                 *     }
                 */
                "application/json": {
                    /** @description accepted, and read by nothing */
                    extensions?: Record<string, never> | null;
                    /** @description which operation of the document to run */
                    operationName?: string | null;
                    /** @description the GraphQL document, at most 16384 characters and 1000 tokens */
                    query: string;
                    /** @description the values of the operation's variables */
                    variables?: Record<string, never> | null;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The answer (GraphQL over HTTP): data, and errors each with extensions.code; with Accept: application/json a document that cannot run is answered here too, with errors only. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": {
                     *         "paymentIntents": {
                     *           "edges": [
                     *             {
                     *               "cursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *               "node": {
                     *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *                 "amount": 2500,
                     *                 "currency": "USD",
                     *                 "status": "captured"
                     *               }
                     *             }
                     *           ],
                     *           "pageInfo": {
                     *             "hasNextPage": false,
                     *             "endCursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/graphql-response+json": components["schemas"]["GraphQLResponse"];
                    /**
                     * @example {
                     *       "data": {
                     *         "paymentIntents": {
                     *           "edges": [
                     *             {
                     *               "cursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *               "node": {
                     *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *                 "amount": 2500,
                     *                 "currency": "USD",
                     *                 "status": "captured"
                     *               }
                     *             }
                     *           ],
                     *           "pageInfo": {
                     *             "hasNextPage": false,
                     *             "endCursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["GraphQLResponse"];
                };
            };
            /** @description The request is not a GraphQL request (REST's Error: parameter_missing, parameter_invalid...); or, asked with Accept: application/graphql-response+json, a document that cannot run (errors with extensions.code) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": {
                     *         "paymentIntents": {
                     *           "edges": [
                     *             {
                     *               "cursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *               "node": {
                     *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *                 "amount": 2500,
                     *                 "currency": "USD",
                     *                 "status": "captured"
                     *               }
                     *             }
                     *           ],
                     *           "pageInfo": {
                     *             "hasNextPage": false,
                     *             "endCursor": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w"
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/graphql-response+json": components["schemas"]["GraphQLResponse"];
                    /**
                     * @example {
                     *       "error": {
                     *         "type": "invalid_request_error",
                     *         "code": "invalid_json",
                     *         "message": "string"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            401: components["responses"]["Error401"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description Up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "service": "api-gateway",
                     *       "uptime_s": 42,
                     *       "pid": 4242
                     *     }
                     */
                    "application/json": {
                        /** @description the process that answered (one of the GATEWAY_WORKERS behind a shared port) */
                        pid: number;
                        service: string;
                        /** @constant */
                        status: "ok";
                        uptime_s: number;
                    };
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    openDispute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                 *       "reason": "fraudulent",
                 *       "amount": 2000
                 *     }
                 */
                "application/json": {
                    amount?: number;
                    payment_intent: string;
                    reason: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Dispute */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "object": "dispute",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 2000,
                     *       "currency": "USD",
                     *       "status": "under_review",
                     *       "reason": "fraudulent",
                     *       "processor": "providerA",
                     *       "processor_dispute_id": "dp_3QxYz9d4e5f6",
                     *       "funds_status": "withdrawn",
                     *       "amount_withdrawn": 2000,
                     *       "evidence": {
                     *         "text": "Delivered and signed for on 2026-12-03.",
                     *         "file_name": null,
                     *         "submitted": 1796212920
                     *       },
                     *       "created": 1796212860,
                     *       "updated": 1796212920
                     *     }
                     */
                    "application/json": components["schemas"]["Dispute"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    closeDispute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "outcome": "won"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    outcome: "won" | "lost";
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Dispute */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "object": "dispute",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 2000,
                     *       "currency": "USD",
                     *       "status": "under_review",
                     *       "reason": "fraudulent",
                     *       "processor": "providerA",
                     *       "processor_dispute_id": "dp_3QxYz9d4e5f6",
                     *       "funds_status": "withdrawn",
                     *       "amount_withdrawn": 2000,
                     *       "evidence": {
                     *         "text": "Delivered and signed for on 2026-12-03.",
                     *         "file_name": null,
                     *         "submitted": 1796212920
                     *       },
                     *       "created": 1796212860,
                     *       "updated": 1796212920
                     *     }
                     */
                    "application/json": components["schemas"]["Dispute"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    disableWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": {
                    event_id?: string;
                    /** @enum {string} */
                    reason?: "gone";
                    status_code?: number;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The WebhookEndpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://merchant.example/webhooks/payrail",
                     *       "enabled_events": [
                     *         "payment_intent.captured",
                     *         "refund.*"
                     *       ],
                     *       "description": null,
                     *       "status": "enabled",
                     *       "disabled_reason": null,
                     *       "api_version": "2026-11-01",
                     *       "dialect": "payrail",
                     *       "livemode": false,
                     *       "secrets": [
                     *         {
                     *           "id": "sec_2",
                     *           "created": 1796216400,
                     *           "expires_at": null,
                     *           "status": "active"
                     *         },
                     *         {
                     *           "id": "sec_1",
                     *           "created": 1796212800,
                     *           "expires_at": 1796302800,
                     *           "status": "expiring"
                     *         }
                     *       ],
                     *       "created": 1796212800
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP http_request_duration_seconds HTTP request latency by route
                     *     # TYPE http_request_duration_seconds histogram
                     *     http_request_duration_seconds_count{method="GET",route="/health",status="200",service="api-gateway"} 1
                     */
                    "text/plain": string;
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "openapi": "3.1.0",
                     *       "info": {
                     *         "title": "PayRail API",
                     *         "version": "1.0.0"
                     *       },
                     *       "paths": {}
                     *     }
                     */
                    "application/json": {
                        components?: Record<string, never>;
                        info: Record<string, never>;
                        /** @constant */
                        openapi: "3.1.0";
                        paths: Record<string, never>;
                    };
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    getReadinessAlias: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "service": "api-gateway",
                     *       "checks": {
                     *         "data_dir": true,
                     *         "ledger": true
                     *       }
                     *     }
                     */
                    "application/json": {
                        checks: {
                            [key: string]: true | string | false;
                        };
                        service: string;
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                    };
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
            /** @description Not ready: the failing checks say why */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "not_ready",
                     *       "service": "api-gateway",
                     *       "checks": {
                     *         "data_dir": true,
                     *         "ledger": "journal is not open"
                     *       }
                     *     }
                     */
                    "application/json": {
                        checks: {
                            [key: string]: true | string | false;
                        };
                        service: string;
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "service": "api-gateway",
                     *       "checks": {
                     *         "data_dir": true,
                     *         "ledger": true
                     *       }
                     *     }
                     */
                    "application/json": {
                        checks: {
                            [key: string]: true | string | false;
                        };
                        service: string;
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                    };
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
            /** @description Not ready: the failing checks say why */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "not_ready",
                     *       "service": "api-gateway",
                     *       "checks": {
                     *         "data_dir": true,
                     *         "ledger": "journal is not open"
                     *       }
                     *     }
                     */
                    "application/json": {
                        checks: {
                            [key: string]: true | string | false;
                        };
                        service: string;
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                    };
                };
            };
        };
    };
    getRedoc: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The ReDoc page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example <!doctype html>
                     *     <html lang="en">
                     *     <head>
                     *     <meta charset="utf-8">
                     *     <meta name="viewport" content="width=device-width, initial-scale=1">
                     *     <title>PayRail API reference (ReDoc)</title>
                     *     <link rel="icon" href="data:,">
                     *     </head>
                     *     <body>
                     *     <redoc spec-url="/openapi.json"></redoc>
                     *     <script src="/redoc/redoc.standalone.js"></script>
                     *     </body>
                     *     </html>
                     */
                    "text/html": string;
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    getRedocBundle: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The script */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example /*! For license information please see redoc.standalone.js.LICENSE.txt *\/ */
                    "text/javascript": string;
                };
            };
            400: components["responses"]["Error400"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveAuditExport: {
        parameters: {
            query?: {
                "created[gte]"?: number;
                "created[lte]"?: number;
                payment_intent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The audit export */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "audit_export",
                     *       "merchant": "string",
                     *       "generated_at": "2026-12-02T12:00:00.000Z",
                     *       "scope": {
                     *         "payment_intent": "string"
                     *       },
                     *       "chain_verified": false,
                     *       "first_failure": null,
                     *       "payments": [
                     *         {
                     *           "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "object": "payment_intent",
                     *           "merchant": "m_demo",
                     *           "amount": 2500,
                     *           "currency": "USD",
                     *           "status": "captured",
                     *           "capture_method": "automatic",
                     *           "amount_capturable": 0,
                     *           "amount_received": 2500,
                     *           "amount_refunded": 500,
                     *           "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *           "card": {
                     *             "brand": "visa",
                     *             "bin": "424242",
                     *             "last4": "4242",
                     *             "exp_month": 12,
                     *             "exp_year": 2030,
                     *             "country": "US",
                     *             "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *           },
                     *           "customer": {
                     *             "email": "ada@example.com"
                     *           },
                     *           "metadata": {
                     *             "order": "1001"
                     *           },
                     *           "description": null,
                     *           "processor": "providerA",
                     *           "processor_reference": "ch_3QxYz8a1b2c3",
                     *           "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *           "processing": false,
                     *           "decline_code": null,
                     *           "last_error": null,
                     *           "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *           "reconciliation_status": null,
                     *           "payment_method_types": [
                     *             "card"
                     *           ],
                     *           "next_action": null,
                     *           "simulate": null,
                     *           "created": 1796212800,
                     *           "updated": 1796212860
                     *         }
                     *       ],
                     *       "refunds": [
                     *         {
                     *           "id": "re_01jcy4p9r3t5v7x9z1b3d5f7h9",
                     *           "object": "refund",
                     *           "merchant": "m_demo",
                     *           "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "amount": 500,
                     *           "currency": "USD",
                     *           "status": "succeeded",
                     *           "reason": "requested_by_customer",
                     *           "approver": null,
                     *           "failure_reason": null,
                     *           "processor_reference": "re_3QxYz8a1b2c3",
                     *           "metadata": {},
                     *           "created": 1796212830,
                     *           "updated": 1796212831
                     *         }
                     *       ],
                     *       "disputes": [
                     *         {
                     *           "id": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *           "object": "dispute",
                     *           "merchant": "m_demo",
                     *           "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "amount": 2000,
                     *           "currency": "USD",
                     *           "status": "under_review",
                     *           "reason": "fraudulent",
                     *           "processor": "providerA",
                     *           "processor_dispute_id": "dp_3QxYz9d4e5f6",
                     *           "funds_status": "withdrawn",
                     *           "amount_withdrawn": 2000,
                     *           "evidence": {
                     *             "text": "Delivered and signed for on 2026-12-03.",
                     *             "file_name": null,
                     *             "submitted": 1796212920
                     *           },
                     *           "created": 1796212860,
                     *           "updated": 1796212920
                     *         }
                     *       ],
                     *       "events": [
                     *         {
                     *           "stream": "string",
                     *           "seq": 1,
                     *           "event_id": "string",
                     *           "type": "string",
                     *           "ref": "string",
                     *           "timestamp": "2026-12-02T12:00:00.000Z",
                     *           "correlation_id": null,
                     *           "data": {},
                     *           "postings": null,
                     *           "prev_hash": "string",
                     *           "hash": "string",
                     *           "verification": {
                     *             "hash_valid": false,
                     *             "linked_to_previous": false
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AuditExport"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveAuditExportPdf: {
        parameters: {
            query?: {
                "created[gte]"?: number;
                "created[lte]"?: number;
                payment_intent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The PDF as a file object */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "file",
                     *       "file_name": "string",
                     *       "title": "string",
                     *       "content_type": "application/pdf",
                     *       "size": 0,
                     *       "chain_verified": false,
                     *       "content_base64": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["File"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listDeadLetters: {
        parameters: {
            query?: {
                limit?: number;
                starting_after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A page of dead letters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "object": "dead_letter",
                     *           "delivery_id": "string",
                     *           "event_id": "string",
                     *           "event_type": "string",
                     *           "endpoint": {
                     *             "id": "string",
                     *             "url": "string",
                     *             "secret_ids": [
                     *               "string"
                     *             ]
                     *           },
                     *           "attempts": 1,
                     *           "last_attempt_at": "2026-12-02T12:00:00.000Z",
                     *           "last_status_code": null,
                     *           "last_error": null
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string",
                     *       "total": 0
                     *     }
                     */
                    "application/json": components["schemas"]["DeadLetterList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveEscrowCustody: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The custody balance */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "escrow_custody",
                     *       "open_escrows": 0,
                     *       "by_status": {
                     *         "awaiting_payment": 0,
                     *         "in_custody": 0,
                     *         "disputed": 0
                     *       },
                     *       "in_custody": [
                     *         {
                     *           "currency": "string",
                     *           "amount": 1,
                     *           "escrows": 1
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["EscrowCustody"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listConsoleEvents: {
        parameters: {
            query?: {
                limit?: number;
                starting_after?: string;
                type?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A page of events with their deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "object": "console_event",
                     *           "event": {
                     *             "id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
                     *             "object": "event",
                     *             "type": "payment_intent.captured",
                     *             "created": 1796212860,
                     *             "api_version": "2026-11-01",
                     *             "livemode": false,
                     *             "data": {
                     *               "object": {
                     *                 "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *                 "object": "payment_intent",
                     *                 "merchant": "m_demo",
                     *                 "amount": 2500,
                     *                 "currency": "USD",
                     *                 "status": "captured",
                     *                 "capture_method": "automatic",
                     *                 "amount_capturable": 0,
                     *                 "amount_received": 2500,
                     *                 "amount_refunded": 500,
                     *                 "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *                 "card": {
                     *                   "brand": "visa",
                     *                   "bin": "424242",
                     *                   "last4": "4242",
                     *                   "exp_month": 12,
                     *                   "exp_year": 2030,
                     *                   "country": "US",
                     *                   "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *                 },
                     *                 "customer": {
                     *                   "email": "ada@example.com"
                     *                 },
                     *                 "metadata": {
                     *                   "order": "1001"
                     *                 },
                     *                 "description": null,
                     *                 "processor": "providerA",
                     *                 "processor_reference": "ch_3QxYz8a1b2c3",
                     *                 "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *                 "processing": false,
                     *                 "decline_code": null,
                     *                 "last_error": null,
                     *                 "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *                 "reconciliation_status": null,
                     *                 "payment_method_types": [
                     *                   "card"
                     *                 ],
                     *                 "next_action": null,
                     *                 "simulate": null,
                     *                 "created": 1796212800,
                     *                 "updated": 1796212860
                     *               }
                     *             }
                     *           },
                     *           "deliveries": [
                     *             {
                     *               "delivery_id": "string",
                     *               "endpoint": {
                     *                 "id": "string",
                     *                 "url": "string"
                     *               },
                     *               "attempts": 1,
                     *               "state": "delivered",
                     *               "next_retry_at": null
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["ConsoleEventList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listReceivedEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The received events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": {},
                     *           "order_id": {}
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string",
                     *       "available": false,
                     *       "reason": null
                     *     }
                     */
                    "application/json": components["schemas"]["ReceivedEventList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveReceivedEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The received event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": {},
                     *       "order_id": {}
                     *     }
                     */
                    "application/json": components["schemas"]["ReceivedEvent"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    retrieveOverview: {
        parameters: {
            query?: {
                since?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The overview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "overview",
                     *       "since": 0,
                     *       "payments": {
                     *         "total": 1,
                     *         "by_status": {}
                     *       },
                     *       "volume": [
                     *         {
                     *           "currency": "string",
                     *           "captured": 1,
                     *           "refunded": 1,
                     *           "payments": 1
                     *         }
                     *       ],
                     *       "decline_reasons": [
                     *         {
                     *           "decline_code": "string",
                     *           "count": 1
                     *         }
                     *       ],
                     *       "webhooks": {
                     *         "deliveries": 1,
                     *         "delivered": 1,
                     *         "delivered_first_attempt": 1,
                     *         "success_rate": null
                     *       },
                     *       "refunds_pending_approval": 1,
                     *       "disputes_open": 1
                     *     }
                     */
                    "application/json": components["schemas"]["Overview"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrievePaymentTrace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The spans of the payment's traces */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "payment_trace",
                     *       "payment_intent": "string",
                     *       "trace_ids": [
                     *         "4bf92f3577b34da6a3ce929d0e0e4736"
                     *       ],
                     *       "truncated": false,
                     *       "spans": [
                     *         {
                     *           "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                     *           "span_id": "00f067aa0ba902b7",
                     *           "parent_span_id": "00f067aa0ba902b7",
                     *           "name": "POST /v1/payment-intents/:id/confirm",
                     *           "kind": "internal",
                     *           "service": "api-gateway",
                     *           "start": "2026-12-02T12:00:00.000Z",
                     *           "duration_ms": 0,
                     *           "offset_ms": 0,
                     *           "status": {
                     *             "code": "unset"
                     *           },
                     *           "attributes": {},
                     *           "events": [
                     *             {
                     *               "name": "string",
                     *               "time": "2026-12-02T12:00:00.000Z",
                     *               "attributes": {}
                     *             }
                     *           ],
                     *           "links": [
                     *             {
                     *               "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                     *               "span_id": "00f067aa0ba902b7",
                     *               "attributes": {}
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "payment_trace";
                        payment_intent: string;
                        /** @description ordered by start */
                        spans: {
                            /** @description OpenTelemetry attributes (http.*, payrail.*, journal.*, webhook.*) */
                            attributes: {
                                [key: string]: string | number | boolean | unknown[];
                            };
                            duration_ms: number;
                            events: {
                                /** @description OpenTelemetry attributes (http.*, payrail.*, journal.*, webhook.*) */
                                attributes: {
                                    [key: string]: string | number | boolean | unknown[];
                                };
                                name: string;
                                /** Format: date-time */
                                time: string;
                            }[];
                            /** @enum {string} */
                            kind: "internal" | "server" | "client" | "producer" | "consumer";
                            /** @description links within the traces shown (a journal batch and the commands it served) */
                            links: {
                                /** @description OpenTelemetry attributes (http.*, payrail.*, journal.*, webhook.*) */
                                attributes: {
                                    [key: string]: string | number | boolean | unknown[];
                                };
                                /** @example 00f067aa0ba902b7 */
                                span_id: string;
                                /** @example 4bf92f3577b34da6a3ce929d0e0e4736 */
                                trace_id: string;
                            }[];
                            /** @example POST /v1/payment-intents/:id/confirm */
                            name: string;
                            /** @description milliseconds from the start of the earliest span shown */
                            offset_ms: number;
                            parent_span_id: string | null;
                            /** @example api-gateway */
                            service: string;
                            /** @example 00f067aa0ba902b7 */
                            span_id: string;
                            /** Format: date-time */
                            start: string;
                            status: {
                                /** @enum {string} */
                                code: "unset" | "ok" | "error";
                                message?: string;
                            };
                            /** @example 4bf92f3577b34da6a3ce929d0e0e4736 */
                            trace_id: string;
                            /**
                             * @description events, links or attributes were left out to keep the span under its size limit
                             * @constant
                             */
                            truncated?: true;
                        }[];
                        /** @description the traces that wrote its ledger lines, oldest first */
                        trace_ids: string[];
                        /** @description more than 2000 spans: the first ones are shown */
                        truncated: boolean;
                    };
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrievePulse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The pulse */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "pulse",
                     *       "cursor": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["Pulse"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    searchConsole: {
        parameters: {
            query: {
                limit?: number;
                q: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description What matches */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "object": "search_result",
                     *           "kind": "payment_intent",
                     *           "id": "string",
                     *           "payment_intent": null,
                     *           "status": null,
                     *           "amount": null,
                     *           "currency": null,
                     *           "created": 0,
                     *           "summary": "string",
                     *           "matched": "id"
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["SearchResultList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listDisputes: {
        parameters: {
            query?: {
                limit?: number;
                starting_after?: string;
                status?: "opened" | "under_review" | "won" | "lost";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of disputes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *           "object": "dispute",
                     *           "merchant": "m_demo",
                     *           "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "amount": 2000,
                     *           "currency": "USD",
                     *           "status": "under_review",
                     *           "reason": "fraudulent",
                     *           "processor": "providerA",
                     *           "processor_dispute_id": "dp_3QxYz9d4e5f6",
                     *           "funds_status": "withdrawn",
                     *           "amount_withdrawn": 2000,
                     *           "evidence": {
                     *             "text": "Delivered and signed for on 2026-12-03.",
                     *             "file_name": null,
                     *             "submitted": 1796212920
                     *           },
                     *           "created": 1796212860,
                     *           "updated": 1796212920
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["DisputeList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveDispute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Dispute */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "object": "dispute",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 2000,
                     *       "currency": "USD",
                     *       "status": "under_review",
                     *       "reason": "fraudulent",
                     *       "processor": "providerA",
                     *       "processor_dispute_id": "dp_3QxYz9d4e5f6",
                     *       "funds_status": "withdrawn",
                     *       "amount_withdrawn": 2000,
                     *       "evidence": {
                     *         "text": "Delivered and signed for on 2026-12-03.",
                     *         "file_name": null,
                     *         "submitted": 1796212920
                     *       },
                     *       "created": 1796212860,
                     *       "updated": 1796212920
                     *     }
                     */
                    "application/json": components["schemas"]["Dispute"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveDisputeDraft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The dispute draft */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "dispute_draft",
                     *       "merchant": "m_demo",
                     *       "generated_at": "2026-12-08T09:00:00.000Z",
                     *       "chain_verified": true,
                     *       "dispute": {
                     *         "id": "dp_01jd4f7q4p6r8t0v2x4z6b8d0f",
                     *         "payment_intent": "pi_01jd4f09z8y7x6w5v4t3s2r1q0",
                     *         "status": "opened",
                     *         "reason": "fraudulent",
                     *         "reason_category": "fraud",
                     *         "amount": 125000,
                     *         "currency": "USD",
                     *         "processor": "providerA",
                     *         "processor_dispute_id": "du_1QdXr5Lk8vY1aB2c",
                     *         "funds_status": "withdrawn",
                     *         "opened_at": "2026-12-07T16:20:11.000Z",
                     *         "cite": {
                     *           "stream": "ledger/disputes",
                     *           "seq": 7,
                     *           "event_id": "evt_01jd4f7q5b6c7d8e9f0g1h2j3k"
                     *         },
                     *         "status_cite": {
                     *           "stream": "ledger/disputes",
                     *           "seq": 8,
                     *           "event_id": "evt_01jd4f7q6b7c8d9e0f1g2h3j4k"
                     *         }
                     *       },
                     *       "argument": {
                     *         "kind": "product_delivered",
                     *         "summary": "The card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC. Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7. The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03. No refund was issued: none of the payment's 6 ledger lines is a refund.",
                     *         "points": [
                     *           {
                     *             "text": "The card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC.",
                     *             "cites": [
                     *               {
                     *                 "stream": "ledger/payments",
                     *                 "seq": 43,
                     *                 "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
                     *               },
                     *               {
                     *                 "stream": "ledger/payments",
                     *                 "seq": 44,
                     *                 "event_id": "evt_01jd4f0a4b5c6d7e8f9g0h1j2k"
                     *               },
                     *               {
                     *                 "stream": "ledger/payments",
                     *                 "seq": 42,
                     *                 "event_id": "evt_01jd4f0a2b3c4d5e6f7g8h9j0k"
                     *               }
                     *             ]
                     *           },
                     *           {
                     *             "text": "Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7.",
                     *             "cites": [
                     *               {
                     *                 "stream": "ledger/payments",
                     *                 "seq": 41,
                     *                 "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *               }
                     *             ]
                     *           },
                     *           {
                     *             "text": "The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03.",
                     *             "cites": [
                     *               {
                     *                 "stream": "ledger/payments",
                     *                 "seq": 41,
                     *                 "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *               }
                     *             ]
                     *           },
                     *           {
                     *             "text": "No refund was issued: none of the payment's 6 ledger lines is a refund.",
                     *             "cites": [
                     *               {
                     *                 "stream": "ledger/payments",
                     *                 "seq": 45,
                     *                 "event_id": "evt_01jd4f7q7b8c9d0e1f2g3h4j5k"
                     *               }
                     *             ]
                     *           }
                     *         ]
                     *       },
                     *       "authorization": {
                     *         "processor": "providerA",
                     *         "processor_reference": "ch_3QdWq2Lk8vY1aB2c",
                     *         "amount": 125000,
                     *         "currency": "USD",
                     *         "at": "2026-12-01T10:15:02.000Z",
                     *         "cite": {
                     *           "stream": "ledger/payments",
                     *           "seq": 43,
                     *           "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
                     *         }
                     *       },
                     *       "capture": {
                     *         "processor": "providerA",
                     *         "processor_reference": "ch_3QdWq2Lk8vY1aB2c",
                     *         "amount": 125000,
                     *         "currency": "USD",
                     *         "at": "2026-12-01T10:15:02.000Z",
                     *         "cite": {
                     *           "stream": "ledger/payments",
                     *           "seq": 44,
                     *           "event_id": "evt_01jd4f0a4b5c6d7e8f9g0h1j2k"
                     *         }
                     *       },
                     *       "card": [
                     *         {
                     *           "field": "brand",
                     *           "value": "visa",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 42,
                     *             "event_id": "evt_01jd4f0a2b3c4d5e6f7g8h9j0k"
                     *           }
                     *         },
                     *         {
                     *           "field": "last4",
                     *           "value": "4242",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 42,
                     *             "event_id": "evt_01jd4f0a2b3c4d5e6f7g8h9j0k"
                     *           }
                     *         }
                     *       ],
                     *       "card_checks": {
                     *         "avs": "not recorded",
                     *         "cvc": "not recorded",
                     *         "explanation": "The authorization line records the processor, its reference and the amount only; no AVS or CVC result is kept by the ledger or by the processor simulator.",
                     *         "cite": {
                     *           "stream": "ledger/payments",
                     *           "seq": 43,
                     *           "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
                     *         }
                     *       },
                     *       "customer": [
                     *         {
                     *           "field": "email",
                     *           "value": "ada@example.com",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         },
                     *         {
                     *           "field": "name",
                     *           "value": "Ada Lovelace",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         },
                     *         {
                     *           "field": "ip",
                     *           "value": "203.0.113.7",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         }
                     *       ],
                     *       "delivery": [
                     *         {
                     *           "field": "carrier",
                     *           "value": "UPS",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         },
                     *         {
                     *           "field": "delivered_at",
                     *           "value": "2026-12-03",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         },
                     *         {
                     *           "field": "order_id",
                     *           "value": "1042",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         },
                     *         {
                     *           "field": "shipping_line1",
                     *           "value": "221B Baker Street",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         },
                     *         {
                     *           "field": "tracking_number",
                     *           "value": "1Z999AA10123456784",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         }
                     *       ],
                     *       "other_details": [
                     *         {
                     *           "field": "description",
                     *           "value": "Brass telescope",
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         }
                     *       ],
                     *       "refunds": [],
                     *       "timeline": [
                     *         {
                     *           "at": "2026-12-01T10:15:01.000Z",
                     *           "type": "payment_intent.created",
                     *           "ref": "pi_01jd4f09z8y7x6w5v4t3s2r1q0",
                     *           "amount": 125000,
                     *           "verified": true,
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 41,
                     *             "event_id": "evt_01jd4f0a1b2c3d4e5f6g7h8j9k"
                     *           }
                     *         },
                     *         {
                     *           "at": "2026-12-01T10:15:02.000Z",
                     *           "type": "payment_intent.authorized",
                     *           "ref": "pi_01jd4f09z8y7x6w5v4t3s2r1q0",
                     *           "amount": 125000,
                     *           "verified": true,
                     *           "cite": {
                     *             "stream": "ledger/payments",
                     *             "seq": 43,
                     *             "event_id": "evt_01jd4f0a3b4c5d6e7f8g9h0j1k"
                     *           }
                     *         },
                     *         {
                     *           "at": "2026-12-07T16:20:11.000Z",
                     *           "type": "dispute.opened",
                     *           "ref": "dp_01jd4f7q4p6r8t0v2x4z6b8d0f",
                     *           "amount": 125000,
                     *           "verified": true,
                     *           "cite": {
                     *             "stream": "ledger/disputes",
                     *             "seq": 7,
                     *             "event_id": "evt_01jd4f7q5b6c7d8e9f0g1h2j3k"
                     *           }
                     *         }
                     *       ],
                     *       "webhook_receipts": [
                     *         {
                     *           "event_id": "evt_01jd4f0a4b5c6d7e8f9g0h1j2k",
                     *           "event_type": "payment_intent.captured",
                     *           "endpoint_id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *           "endpoint_url": "https://merchant.example/webhooks/payrail",
                     *           "delivery_id": "del_01jd4f0a5b6c7d8e9f0g1h2j3k",
                     *           "attempt": 1,
                     *           "attempted_at": "2026-12-01T10:15:02.120Z",
                     *           "status_code": 200,
                     *           "outcome": "delivered",
                     *           "cite": {
                     *             "stream": "outbox/deliveries",
                     *             "seq": 130,
                     *             "event_id": "evt_01jd4f0a9b8c7d6e5f4g3h2j1k"
                     *           }
                     *         }
                     *       ],
                     *       "webhook_receipts_omitted": 0,
                     *       "evidence": {
                     *         "text": "Response to dispute dp_01jd4f7q4p6r8t0v2x4z6b8d0f (reason: fraudulent) on payment pi_01jd4f09z8y7x6w5v4t3s2r1q0, $1,250.00 USD.\n\nThe card (visa ending 4242) was authorized by providerA (reference ch_3QdWq2Lk8vY1aB2c) on 2026-12-01 10:15 UTC and $1,250.00 USD was captured on 2026-12-01 10:15 UTC. Order 1042 was placed by Ada Lovelace <ada@example.com> from IP address 203.0.113.7. The goods were delivered to Ada Lovelace, 221B Baker Street, London, NW1 6XE, GB per tracking number 1Z999AA10123456784 (UPS) on 2026-12-03. No refund was issued: none of the payment's 6 ledger lines is a refund.",
                     *         "file_name": "payrail_dispute_draft_dp_01jd4f7q4p6r8t0v2x4z6b8d0f.pdf"
                     *       },
                     *       "evidence_submittable": true,
                     *       "gaps": [
                     *         {
                     *           "code": "card_checks_not_recorded",
                     *           "message": "AVS and CVC results are not recorded: ask the processor for the authorization response (AVS, CVC, 3-D Secure) and attach it."
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["DisputeDraft"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveDisputeDraftPdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The PDF as a file object */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "file",
                     *       "file_name": "string",
                     *       "title": "string",
                     *       "content_type": "application/pdf",
                     *       "size": 0,
                     *       "chain_verified": false,
                     *       "content_base64": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["File"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    submitDisputeEvidence: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "text": "Delivered and signed for on 2026-12-03.",
                 *       "file_name": "proof_of_delivery.pdf"
                 *     }
                 */
                "application/json": {
                    file_name?: string;
                    text: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Dispute */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "object": "dispute",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 2000,
                     *       "currency": "USD",
                     *       "status": "under_review",
                     *       "reason": "fraudulent",
                     *       "processor": "providerA",
                     *       "processor_dispute_id": "dp_3QxYz9d4e5f6",
                     *       "funds_status": "withdrawn",
                     *       "amount_withdrawn": 2000,
                     *       "evidence": {
                     *         "text": "Delivered and signed for on 2026-12-03.",
                     *         "file_name": null,
                     *         "submitted": 1796212920
                     *       },
                     *       "created": 1796212860,
                     *       "updated": 1796212920
                     *     }
                     */
                    "application/json": components["schemas"]["Dispute"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listEscrows: {
        parameters: {
            query?: {
                limit?: number;
                payment_intent?: string;
                starting_after?: string;
                status?: "awaiting_payment" | "in_custody" | "released" | "refunded" | "disputed" | "canceled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of escrows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *           "object": "escrow",
                     *           "merchant": "m_demo",
                     *           "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "amount": 10000,
                     *           "currency": "BRL",
                     *           "status": "in_custody",
                     *           "payees": [
                     *             {
                     *               "payee": "seller_42",
                     *               "role": "seller",
                     *               "amount": 9000,
                     *               "released": 3000
                     *             },
                     *             {
                     *               "payee": "platform",
                     *               "role": "platform_fee",
                     *               "amount": 1000,
                     *               "released": 0
                     *             }
                     *           ],
                     *           "amount_in_custody": 7000,
                     *           "amount_released": 3000,
                     *           "amount_refunded": 0,
                     *           "release_at": null,
                     *           "refund_deadline": 1798804800,
                     *           "dispute": null,
                     *           "refund": null,
                     *           "description": "Order 1001",
                     *           "metadata": {
                     *             "order": "1001"
                     *           },
                     *           "created": 1796212800,
                     *           "updated": 1796213400
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["EscrowList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    createEscrow: {
        parameters: {
            query?: never;
            header: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amount": 10000,
                 *       "currency": "brl",
                 *       "payees": [
                 *         {
                 *           "payee": "seller_42",
                 *           "role": "seller",
                 *           "amount": 9000
                 *         },
                 *         {
                 *           "payee": "platform",
                 *           "role": "platform_fee",
                 *           "amount": 1000
                 *         }
                 *       ],
                 *       "metadata": {
                 *         "order": "1001"
                 *       }
                 *     }
                 */
                "application/json": {
                    /**
                     * @description minor units (cents, yen, fils), greater than zero
                     * @example 2500
                     */
                    amount: number;
                    /**
                     * @description ISO 4217 code
                     * @example usd
                     */
                    currency: string;
                    description?: string;
                    metadata?: {
                        [key: string]: string;
                    };
                    /** @description who is paid on release: sellers and at most one platform_fee, whose amounts sum to the escrow's amount */
                    payees: {
                        /**
                         * @description minor units (cents, yen, fils), greater than zero
                         * @example 2500
                         */
                        amount: number;
                        /**
                         * @description the payee's id on your platform (letters, digits, _ . : -)
                         * @example seller_42
                         */
                        payee: string;
                        /** @enum {string} */
                        role: "seller" | "platform_fee";
                    }[];
                    /** @example tok_01jcy4p6a8c0e2g4j6k8m0p2r4 */
                    payment_method?: string;
                    /** @description card (default) or pix (BRL): how the buyer pays the escrow's PaymentIntent */
                    payment_method_types?: ("card" | "pix")[];
                    /** @description refund what custody still holds at this time (default: ESCROW_REFUND_DEADLINE_MS after creation); an escrow never paid by then is canceled */
                    refund_deadline?: number;
                    /** @description release everything to the payees at this time (unless disputed) */
                    release_at?: number;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Escrow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *       "object": "escrow",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 10000,
                     *       "currency": "BRL",
                     *       "status": "in_custody",
                     *       "payees": [
                     *         {
                     *           "payee": "seller_42",
                     *           "role": "seller",
                     *           "amount": 9000,
                     *           "released": 3000
                     *         },
                     *         {
                     *           "payee": "platform",
                     *           "role": "platform_fee",
                     *           "amount": 1000,
                     *           "released": 0
                     *         }
                     *       ],
                     *       "amount_in_custody": 7000,
                     *       "amount_released": 3000,
                     *       "amount_refunded": 0,
                     *       "release_at": null,
                     *       "refund_deadline": 1798804800,
                     *       "dispute": null,
                     *       "refund": null,
                     *       "description": "Order 1001",
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "created": 1796212800,
                     *       "updated": 1796213400
                     *     }
                     */
                    "application/json": components["schemas"]["Escrow"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    retrieveEscrow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Escrow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *       "object": "escrow",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 10000,
                     *       "currency": "BRL",
                     *       "status": "in_custody",
                     *       "payees": [
                     *         {
                     *           "payee": "seller_42",
                     *           "role": "seller",
                     *           "amount": 9000,
                     *           "released": 3000
                     *         },
                     *         {
                     *           "payee": "platform",
                     *           "role": "platform_fee",
                     *           "amount": 1000,
                     *           "released": 0
                     *         }
                     *       ],
                     *       "amount_in_custody": 7000,
                     *       "amount_released": 3000,
                     *       "amount_refunded": 0,
                     *       "release_at": null,
                     *       "refund_deadline": 1798804800,
                     *       "dispute": null,
                     *       "refund": null,
                     *       "description": "Order 1001",
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "created": 1796212800,
                     *       "updated": 1796213400
                     *     }
                     */
                    "application/json": components["schemas"]["Escrow"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    cancelEscrow: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": Record<string, never>;
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Escrow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *       "object": "escrow",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 10000,
                     *       "currency": "BRL",
                     *       "status": "in_custody",
                     *       "payees": [
                     *         {
                     *           "payee": "seller_42",
                     *           "role": "seller",
                     *           "amount": 9000,
                     *           "released": 3000
                     *         },
                     *         {
                     *           "payee": "platform",
                     *           "role": "platform_fee",
                     *           "amount": 1000,
                     *           "released": 0
                     *         }
                     *       ],
                     *       "amount_in_custody": 7000,
                     *       "amount_released": 3000,
                     *       "amount_refunded": 0,
                     *       "release_at": null,
                     *       "refund_deadline": 1798804800,
                     *       "dispute": null,
                     *       "refund": null,
                     *       "description": "Order 1001",
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "created": 1796212800,
                     *       "updated": 1796213400
                     *     }
                     */
                    "application/json": components["schemas"]["Escrow"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    disputeEscrow: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "item not as described"
                 *     }
                 */
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Escrow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *       "object": "escrow",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 10000,
                     *       "currency": "BRL",
                     *       "status": "in_custody",
                     *       "payees": [
                     *         {
                     *           "payee": "seller_42",
                     *           "role": "seller",
                     *           "amount": 9000,
                     *           "released": 3000
                     *         },
                     *         {
                     *           "payee": "platform",
                     *           "role": "platform_fee",
                     *           "amount": 1000,
                     *           "released": 0
                     *         }
                     *       ],
                     *       "amount_in_custody": 7000,
                     *       "amount_released": 3000,
                     *       "amount_refunded": 0,
                     *       "release_at": null,
                     *       "refund_deadline": 1798804800,
                     *       "dispute": null,
                     *       "refund": null,
                     *       "description": "Order 1001",
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "created": 1796212800,
                     *       "updated": 1796213400
                     *     }
                     */
                    "application/json": components["schemas"]["Escrow"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    refundEscrow: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "approver": "ops@example.com",
                 *       "reason": "item never shipped"
                 *     }
                 */
                "application/json": {
                    /** @description who decided (recorded on the ledger event) */
                    approver: string;
                    reason?: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Escrow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *       "object": "escrow",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 10000,
                     *       "currency": "BRL",
                     *       "status": "in_custody",
                     *       "payees": [
                     *         {
                     *           "payee": "seller_42",
                     *           "role": "seller",
                     *           "amount": 9000,
                     *           "released": 3000
                     *         },
                     *         {
                     *           "payee": "platform",
                     *           "role": "platform_fee",
                     *           "amount": 1000,
                     *           "released": 0
                     *         }
                     *       ],
                     *       "amount_in_custody": 7000,
                     *       "amount_released": 3000,
                     *       "amount_refunded": 0,
                     *       "release_at": null,
                     *       "refund_deadline": 1798804800,
                     *       "dispute": null,
                     *       "refund": null,
                     *       "description": "Order 1001",
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "created": 1796212800,
                     *       "updated": 1796213400
                     *     }
                     */
                    "application/json": components["schemas"]["Escrow"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    releaseEscrow: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "approver": "ops@example.com",
                 *       "payees": [
                 *         {
                 *           "payee": "seller_42",
                 *           "amount": 3000
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** @description who decided (recorded on the ledger event) */
                    approver: string;
                    /** @description a partial release: these payees, these amounts (default: everything left, to everyone) */
                    payees?: {
                        /**
                         * @description minor units (cents, yen, fils), greater than zero
                         * @example 2500
                         */
                        amount: number;
                        /**
                         * @description the payee's id on your platform (letters, digits, _ . : -)
                         * @example seller_42
                         */
                        payee: string;
                    }[];
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Escrow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *       "object": "escrow",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 10000,
                     *       "currency": "BRL",
                     *       "status": "in_custody",
                     *       "payees": [
                     *         {
                     *           "payee": "seller_42",
                     *           "role": "seller",
                     *           "amount": 9000,
                     *           "released": 3000
                     *         },
                     *         {
                     *           "payee": "platform",
                     *           "role": "platform_fee",
                     *           "amount": 1000,
                     *           "released": 0
                     *         }
                     *       ],
                     *       "amount_in_custody": 7000,
                     *       "amount_released": 3000,
                     *       "amount_refunded": 0,
                     *       "release_at": null,
                     *       "refund_deadline": 1798804800,
                     *       "dispute": null,
                     *       "refund": null,
                     *       "description": "Order 1001",
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "created": 1796212800,
                     *       "updated": 1796213400
                     *     }
                     */
                    "application/json": components["schemas"]["Escrow"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    resolveEscrow: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "approver": "ops@example.com",
                 *       "outcome": "refund"
                 *     }
                 */
                "application/json": {
                    /** @description who decided (recorded on the ledger event) */
                    approver: string;
                    /** @enum {string} */
                    outcome: "release" | "refund";
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Escrow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "esc_01jcy4pc8d2f4h6k8m0p2r4t6v",
                     *       "object": "escrow",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 10000,
                     *       "currency": "BRL",
                     *       "status": "in_custody",
                     *       "payees": [
                     *         {
                     *           "payee": "seller_42",
                     *           "role": "seller",
                     *           "amount": 9000,
                     *           "released": 3000
                     *         },
                     *         {
                     *           "payee": "platform",
                     *           "role": "platform_fee",
                     *           "amount": 1000,
                     *           "released": 0
                     *         }
                     *       ],
                     *       "amount_in_custody": 7000,
                     *       "amount_released": 3000,
                     *       "amount_refunded": 0,
                     *       "release_at": null,
                     *       "refund_deadline": 1798804800,
                     *       "dispute": null,
                     *       "refund": null,
                     *       "description": "Order 1001",
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "created": 1796212800,
                     *       "updated": 1796213400
                     *     }
                     */
                    "application/json": components["schemas"]["Escrow"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                "created[gte]"?: number;
                "created[lte]"?: number;
                limit?: number;
                payment_intent?: string;
                starting_after?: string;
                type?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of events, each as its webhook body */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
                     *           "object": "event",
                     *           "type": "payment_intent.captured",
                     *           "created": 1796212860,
                     *           "api_version": "2026-11-01",
                     *           "livemode": false,
                     *           "data": {
                     *             "object": {
                     *               "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *               "object": "payment_intent",
                     *               "merchant": "m_demo",
                     *               "amount": 2500,
                     *               "currency": "USD",
                     *               "status": "captured",
                     *               "capture_method": "automatic",
                     *               "amount_capturable": 0,
                     *               "amount_received": 2500,
                     *               "amount_refunded": 500,
                     *               "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *               "card": {
                     *                 "brand": "visa",
                     *                 "bin": "424242",
                     *                 "last4": "4242",
                     *                 "exp_month": 12,
                     *                 "exp_year": 2030,
                     *                 "country": "US",
                     *                 "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *               },
                     *               "customer": {
                     *                 "email": "ada@example.com"
                     *               },
                     *               "metadata": {
                     *                 "order": "1001"
                     *               },
                     *               "description": null,
                     *               "processor": "providerA",
                     *               "processor_reference": "ch_3QxYz8a1b2c3",
                     *               "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *               "processing": false,
                     *               "decline_code": null,
                     *               "last_error": null,
                     *               "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *               "reconciliation_status": null,
                     *               "payment_method_types": [
                     *                 "card"
                     *               ],
                     *               "next_action": null,
                     *               "simulate": null,
                     *               "created": 1796212800,
                     *               "updated": 1796212860
                     *             }
                     *           }
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["EventList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
                     *       "object": "event",
                     *       "type": "payment_intent.captured",
                     *       "created": 1796212860,
                     *       "api_version": "2026-11-01",
                     *       "livemode": false,
                     *       "data": {
                     *         "object": {
                     *           "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "object": "payment_intent",
                     *           "merchant": "m_demo",
                     *           "amount": 2500,
                     *           "currency": "USD",
                     *           "status": "captured",
                     *           "capture_method": "automatic",
                     *           "amount_capturable": 0,
                     *           "amount_received": 2500,
                     *           "amount_refunded": 500,
                     *           "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *           "card": {
                     *             "brand": "visa",
                     *             "bin": "424242",
                     *             "last4": "4242",
                     *             "exp_month": 12,
                     *             "exp_year": 2030,
                     *             "country": "US",
                     *             "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *           },
                     *           "customer": {
                     *             "email": "ada@example.com"
                     *           },
                     *           "metadata": {
                     *             "order": "1001"
                     *           },
                     *           "description": null,
                     *           "processor": "providerA",
                     *           "processor_reference": "ch_3QxYz8a1b2c3",
                     *           "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *           "processing": false,
                     *           "decline_code": null,
                     *           "last_error": null,
                     *           "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *           "reconciliation_status": null,
                     *           "payment_method_types": [
                     *             "card"
                     *           ],
                     *           "next_action": null,
                     *           "simulate": null,
                     *           "created": 1796212800,
                     *           "updated": 1796212860
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Event"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listEventDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The attempts, oldest first, and one summary per delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "object": "webhook_delivery_attempt",
                     *           "delivery_id": "del_01jcy4pd5g7j9k1m3p5r7t9v1x",
                     *           "event_id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
                     *           "event_type": "payment_intent.captured",
                     *           "endpoint": {
                     *             "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *             "url": "https://merchant.example/webhooks/payrail",
                     *             "secret_ids": [
                     *               "sec_2",
                     *               "sec_1"
                     *             ]
                     *           },
                     *           "attempt": 1,
                     *           "attempted_at": "2026-12-02T12:01:00.120Z",
                     *           "status_code": 200,
                     *           "latency_ms": 18.4,
                     *           "error": null,
                     *           "outcome": "delivered",
                     *           "next_retry_at": null,
                     *           "webhook_lag_ms": 120,
                     *           "headers": {
                     *             "webhook-id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
                     *             "webhook-timestamp": "1796212860",
                     *             "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
                     *             "webhook-attempt": "1"
                     *           },
                     *           "manual": false
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string",
                     *       "deliveries": [
                     *         {
                     *           "delivery_id": "string",
                     *           "endpoint": {
                     *             "id": "string",
                     *             "url": "string",
                     *             "secret_ids": [
                     *               "string"
                     *             ]
                     *           },
                     *           "attempts": 1,
                     *           "state": "delivered",
                     *           "next_retry_at": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Deliveries"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retryEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": {
                    /** @description only this endpoint; default: every endpoint the event concerns */
                    endpoint?: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The attempts just made */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "object": "webhook_delivery_attempt",
                     *           "delivery_id": "del_01jcy4pd5g7j9k1m3p5r7t9v1x",
                     *           "event_id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
                     *           "event_type": "payment_intent.captured",
                     *           "endpoint": {
                     *             "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *             "url": "https://merchant.example/webhooks/payrail",
                     *             "secret_ids": [
                     *               "sec_2",
                     *               "sec_1"
                     *             ]
                     *           },
                     *           "attempt": 1,
                     *           "attempted_at": "2026-12-02T12:01:00.120Z",
                     *           "status_code": 200,
                     *           "latency_ms": 18.4,
                     *           "error": null,
                     *           "outcome": "delivered",
                     *           "next_retry_at": null,
                     *           "webhook_lag_ms": 120,
                     *           "headers": {
                     *             "webhook-id": "evt_01jcy4pa1c3e5g7j9k1m3p5r7t",
                     *             "webhook-timestamp": "1796212860",
                     *             "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
                     *             "webhook-attempt": "1"
                     *           },
                     *           "manual": false
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["DeliveryAttemptList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    retrieveLedger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The events and the verification result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "ledger",
                     *       "payment_intent": "string",
                     *       "chain_verified": false,
                     *       "events": [
                     *         {
                     *           "event_id": "evt_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "type": "payment_intent.captured",
                     *           "ref": "string",
                     *           "seq": 1,
                     *           "timestamp": "2026-12-02T12:00:00.000Z",
                     *           "data": {},
                     *           "prev_hash": "0000000000000000000000000000000000000000000000000000000000000000",
                     *           "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *           "stream": "payments",
                     *           "verification": {
                     *             "hash_valid": false,
                     *             "linked_to_previous": false
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Ledger"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                limit?: number;
                starting_after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of API keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "key_01jcy4pe7j9k1m3p5r7t9v1x3z",
                     *           "object": "api_key",
                     *           "name": "refunds desk",
                     *           "prefix": "rk_test_9f2c",
                     *           "scopes": [
                     *             "refunds:write"
                     *           ],
                     *           "created": 1796212800,
                     *           "expires_at": 1798804800,
                     *           "last_used": null
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "refunds desk",
                 *       "scopes": [
                 *         "refunds:write"
                 *       ],
                 *       "expires_in_s": 2592000
                 *     }
                 */
                "application/json": {
                    /** @description unix seconds, in the future (at most five years ahead); the key stops working then */
                    expires_at?: number;
                    /** @description seconds from now; instead of expires_at */
                    expires_in_s?: number;
                    /**
                     * @description a label to tell keys apart
                     * @example reporting job
                     */
                    name?: string;
                    /**
                     * @description a restricted key (rk_test_...): read_only, or any of payments:write, refunds:write, webhooks:write (every key can read). Leave out for an unrestricted key (sk_test_...).
                     * @example [
                     *       "refunds:write"
                     *     ]
                     */
                    scopes?: ("read_only" | "payments:write" | "refunds:write" | "webhooks:write")[];
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The key and its secret, shown this once */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "key_01jcy4pe7j9k1m3p5r7t9v1x3z",
                     *       "object": "api_key",
                     *       "name": "refunds desk",
                     *       "prefix": "rk_test_9f2c",
                     *       "scopes": [
                     *         "refunds:write"
                     *       ],
                     *       "created": 1796212800,
                     *       "expires_at": 1798804800,
                     *       "last_used": null,
                     *       "secret": "rk_test_9f2c61d0b7a54e3f8c2a1b0d9e8f7a6b5c4d3e2f"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description {id, object, deleted: true} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "object": "api_key",
                     *       "deleted": true
                     *     }
                     */
                    "application/json": components["schemas"]["DeletedApiKey"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listPaymentIntents: {
        parameters: {
            query?: {
                "amount[gte]"?: number;
                "amount[lte]"?: number;
                "created[gt]"?: number;
                "created[gte]"?: number;
                "created[lt]"?: number;
                "created[lte]"?: number;
                "customer[email]"?: string;
                limit?: number;
                /** @description metadata[key]=value filters */
                metadata?: {
                    [key: string]: string;
                };
                reconciliation_status?: string;
                starting_after?: string;
                status?: "created" | "authorized" | "captured" | "settled" | "declined" | "reversed" | "chargeback";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of PaymentIntents */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "object": "payment_intent",
                     *           "merchant": "m_demo",
                     *           "amount": 2500,
                     *           "currency": "USD",
                     *           "status": "captured",
                     *           "capture_method": "automatic",
                     *           "amount_capturable": 0,
                     *           "amount_received": 2500,
                     *           "amount_refunded": 500,
                     *           "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *           "card": {
                     *             "brand": "visa",
                     *             "bin": "424242",
                     *             "last4": "4242",
                     *             "exp_month": 12,
                     *             "exp_year": 2030,
                     *             "country": "US",
                     *             "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *           },
                     *           "customer": {
                     *             "email": "ada@example.com"
                     *           },
                     *           "metadata": {
                     *             "order": "1001"
                     *           },
                     *           "description": null,
                     *           "processor": "providerA",
                     *           "processor_reference": "ch_3QxYz8a1b2c3",
                     *           "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *           "processing": false,
                     *           "decline_code": null,
                     *           "last_error": null,
                     *           "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *           "reconciliation_status": null,
                     *           "payment_method_types": [
                     *             "card"
                     *           ],
                     *           "next_action": null,
                     *           "simulate": null,
                     *           "created": 1796212800,
                     *           "updated": 1796212860
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntentList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    createPaymentIntent: {
        parameters: {
            query?: never;
            header: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amount": 2500,
                 *       "currency": "usd",
                 *       "payment_method": "tok_01jd4ex8m3q2w5e7r9t1y3u5i7",
                 *       "customer": {
                 *         "email": "ada@example.com"
                 *       },
                 *       "metadata": {
                 *         "order": "1001"
                 *       }
                 *     }
                 */
                "application/json": {
                    /**
                     * @description minor units (cents, yen, fils), greater than zero
                     * @example 2500
                     */
                    amount: number;
                    /** @enum {string} */
                    capture_method?: "automatic" | "manual";
                    /**
                     * @description ISO 4217 code
                     * @example usd
                     */
                    currency: string;
                    customer?: {
                        country?: string;
                        /** Format: email */
                        email?: string;
                        ip?: string;
                        name?: string;
                        phone?: string;
                    };
                    description?: string;
                    metadata?: {
                        [key: string]: string;
                    };
                    /** @example tok_01jcy4p6a8c0e2g4j6k8m0p2r4 */
                    payment_method?: string;
                    /** @description ['card'] (the default: confirm with a payment_method) or ['pix'] (currency brl, no payment_method, capture_method automatic: confirm answers the BR Code in next_action) */
                    payment_method_types?: ("card" | "pix")[];
                    /**
                     * @description Test mode: the outcome of each processor attempt of the confirmation, instead of the card's: one outcome for every attempt, or a chain (step N for attempt N, the last repeating), e.g. ['network_timeout', 'network_timeout', 'success']. Card payments only.
                     * @example insufficient_funds
                     * @example [
                     *       "network_timeout",
                     *       "network_timeout",
                     *       "success"
                     *     ]
                     */
                    simulate?: ("success" | "insufficient_funds" | "card_declined" | "network_timeout" | "fraud_detected" | "bank_error" | "processing_delay" | "dispute_after_capture") | ("success" | "insufficient_funds" | "card_declined" | "network_timeout" | "fraud_detected" | "bank_error" | "processing_delay" | "dispute_after_capture")[];
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The PaymentIntent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "object": "payment_intent",
                     *       "merchant": "m_demo",
                     *       "amount": 2500,
                     *       "currency": "USD",
                     *       "status": "captured",
                     *       "capture_method": "automatic",
                     *       "amount_capturable": 0,
                     *       "amount_received": 2500,
                     *       "amount_refunded": 500,
                     *       "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *       "card": {
                     *         "brand": "visa",
                     *         "bin": "424242",
                     *         "last4": "4242",
                     *         "exp_month": 12,
                     *         "exp_year": 2030,
                     *         "country": "US",
                     *         "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *       },
                     *       "customer": {
                     *         "email": "ada@example.com"
                     *       },
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "description": null,
                     *       "processor": "providerA",
                     *       "processor_reference": "ch_3QxYz8a1b2c3",
                     *       "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *       "processing": false,
                     *       "decline_code": null,
                     *       "last_error": null,
                     *       "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "reconciliation_status": null,
                     *       "payment_method_types": [
                     *         "card"
                     *       ],
                     *       "next_action": null,
                     *       "simulate": null,
                     *       "created": 1796212800,
                     *       "updated": 1796212860
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    retrievePaymentIntent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The PaymentIntent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "object": "payment_intent",
                     *       "merchant": "m_demo",
                     *       "amount": 2500,
                     *       "currency": "USD",
                     *       "status": "captured",
                     *       "capture_method": "automatic",
                     *       "amount_capturable": 0,
                     *       "amount_received": 2500,
                     *       "amount_refunded": 500,
                     *       "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *       "card": {
                     *         "brand": "visa",
                     *         "bin": "424242",
                     *         "last4": "4242",
                     *         "exp_month": 12,
                     *         "exp_year": 2030,
                     *         "country": "US",
                     *         "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *       },
                     *       "customer": {
                     *         "email": "ada@example.com"
                     *       },
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "description": null,
                     *       "processor": "providerA",
                     *       "processor_reference": "ch_3QxYz8a1b2c3",
                     *       "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *       "processing": false,
                     *       "decline_code": null,
                     *       "last_error": null,
                     *       "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "reconciliation_status": null,
                     *       "payment_method_types": [
                     *         "card"
                     *       ],
                     *       "next_action": null,
                     *       "simulate": null,
                     *       "created": 1796212800,
                     *       "updated": 1796212860
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    cancelPaymentIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": Record<string, never>;
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The PaymentIntent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "object": "payment_intent",
                     *       "merchant": "m_demo",
                     *       "amount": 2500,
                     *       "currency": "USD",
                     *       "status": "captured",
                     *       "capture_method": "automatic",
                     *       "amount_capturable": 0,
                     *       "amount_received": 2500,
                     *       "amount_refunded": 500,
                     *       "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *       "card": {
                     *         "brand": "visa",
                     *         "bin": "424242",
                     *         "last4": "4242",
                     *         "exp_month": 12,
                     *         "exp_year": 2030,
                     *         "country": "US",
                     *         "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *       },
                     *       "customer": {
                     *         "email": "ada@example.com"
                     *       },
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "description": null,
                     *       "processor": "providerA",
                     *       "processor_reference": "ch_3QxYz8a1b2c3",
                     *       "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *       "processing": false,
                     *       "decline_code": null,
                     *       "last_error": null,
                     *       "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "reconciliation_status": null,
                     *       "payment_method_types": [
                     *         "card"
                     *       ],
                     *       "next_action": null,
                     *       "simulate": null,
                     *       "created": 1796212800,
                     *       "updated": 1796212860
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            402: components["responses"]["Error402"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    capturePaymentIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "amount_to_capture": 5000
                 *     }
                 */
                "application/json": {
                    /**
                     * @description minor units (cents, yen, fils), greater than zero
                     * @example 2500
                     */
                    amount_to_capture?: number;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The PaymentIntent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "object": "payment_intent",
                     *       "merchant": "m_demo",
                     *       "amount": 2500,
                     *       "currency": "USD",
                     *       "status": "captured",
                     *       "capture_method": "automatic",
                     *       "amount_capturable": 0,
                     *       "amount_received": 2500,
                     *       "amount_refunded": 500,
                     *       "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *       "card": {
                     *         "brand": "visa",
                     *         "bin": "424242",
                     *         "last4": "4242",
                     *         "exp_month": 12,
                     *         "exp_year": 2030,
                     *         "country": "US",
                     *         "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *       },
                     *       "customer": {
                     *         "email": "ada@example.com"
                     *       },
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "description": null,
                     *       "processor": "providerA",
                     *       "processor_reference": "ch_3QxYz8a1b2c3",
                     *       "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *       "processing": false,
                     *       "decline_code": null,
                     *       "last_error": null,
                     *       "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "reconciliation_status": null,
                     *       "payment_method_types": [
                     *         "card"
                     *       ],
                     *       "next_action": null,
                     *       "simulate": null,
                     *       "created": 1796212800,
                     *       "updated": 1796212860
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            402: components["responses"]["Error402"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    confirmPaymentIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": {
                    /** @example tok_01jcy4p6a8c0e2g4j6k8m0p2r4 */
                    payment_method?: string;
                    /**
                     * @description Test mode: as on creation; given here, it replaces the creation's script for this confirmation.
                     * @example insufficient_funds
                     * @example [
                     *       "network_timeout",
                     *       "network_timeout",
                     *       "success"
                     *     ]
                     */
                    simulate?: ("success" | "insufficient_funds" | "card_declined" | "network_timeout" | "fraud_detected" | "bank_error" | "processing_delay" | "dispute_after_capture") | ("success" | "insufficient_funds" | "card_declined" | "network_timeout" | "fraud_detected" | "bank_error" | "processing_delay" | "dispute_after_capture")[];
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The PaymentIntent, authorized (or captured); a decline is a 402 card_declined whose error.payment_intent is the PaymentIntent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "object": "payment_intent",
                     *       "merchant": "m_demo",
                     *       "amount": 2500,
                     *       "currency": "USD",
                     *       "status": "captured",
                     *       "capture_method": "automatic",
                     *       "amount_capturable": 0,
                     *       "amount_received": 2500,
                     *       "amount_refunded": 500,
                     *       "payment_method": "tok_01jcy4p6a8c0e2g4j6k8m0p2r4",
                     *       "card": {
                     *         "brand": "visa",
                     *         "bin": "424242",
                     *         "last4": "4242",
                     *         "exp_month": 12,
                     *         "exp_year": 2030,
                     *         "country": "US",
                     *         "fingerprint": "b1946ac92492d2347c6235b4d2611184"
                     *       },
                     *       "customer": {
                     *         "email": "ada@example.com"
                     *       },
                     *       "metadata": {
                     *         "order": "1001"
                     *       },
                     *       "description": null,
                     *       "processor": "providerA",
                     *       "processor_reference": "ch_3QxYz8a1b2c3",
                     *       "routing_reason": "cheapest for 2500 USD (providerA fee 103, providerB fee 110)",
                     *       "processing": false,
                     *       "decline_code": null,
                     *       "last_error": null,
                     *       "dispute": "dp_01jcy4pbq2w7m3n5r9t1v6x8z0",
                     *       "reconciliation_status": null,
                     *       "payment_method_types": [
                     *         "card"
                     *       ],
                     *       "next_action": null,
                     *       "simulate": null,
                     *       "created": 1796212800,
                     *       "updated": 1796212860
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            402: components["responses"]["Error402"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    listProviderHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The health of every processor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "provider": "providerA",
                     *           "breaker": "closed",
                     *           "error_rate": 0,
                     *           "requests_in_window": 0,
                     *           "requests_min": 1,
                     *           "error_rate_max": 0,
                     *           "latency_ms": {
                     *             "p50": null,
                     *             "p99": null
                     *           },
                     *           "last_failure": null,
                     *           "opened_at": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProviderHealthList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listRefunds: {
        parameters: {
            query?: {
                limit?: number;
                payment_intent?: string;
                starting_after?: string;
                status?: "pending_approval" | "approved" | "succeeded" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of refunds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "re_01jcy4p9r3t5v7x9z1b3d5f7h9",
                     *           "object": "refund",
                     *           "merchant": "m_demo",
                     *           "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *           "amount": 500,
                     *           "currency": "USD",
                     *           "status": "succeeded",
                     *           "reason": "requested_by_customer",
                     *           "approver": null,
                     *           "failure_reason": null,
                     *           "processor_reference": "re_3QxYz8a1b2c3",
                     *           "metadata": {},
                     *           "created": 1796212830,
                     *           "updated": 1796212831
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["RefundList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    createRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "payment_intent": "pi_01jd4ex8m3q2w5e7r9t1y3u5i7",
                 *       "amount": 500,
                 *       "reason": "requested_by_customer"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description minor units (cents, yen, fils), greater than zero
                     * @example 2500
                     */
                    amount?: number;
                    metadata?: {
                        [key: string]: string;
                    };
                    payment_intent: string;
                    /** @enum {string} */
                    reason?: "duplicate" | "fraudulent" | "requested_by_customer" | "other";
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Refund */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "re_01jcy4p9r3t5v7x9z1b3d5f7h9",
                     *       "object": "refund",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 500,
                     *       "currency": "USD",
                     *       "status": "succeeded",
                     *       "reason": "requested_by_customer",
                     *       "approver": null,
                     *       "failure_reason": null,
                     *       "processor_reference": "re_3QxYz8a1b2c3",
                     *       "metadata": {},
                     *       "created": 1796212830,
                     *       "updated": 1796212831
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    retrieveRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Refund */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "re_01jcy4p9r3t5v7x9z1b3d5f7h9",
                     *       "object": "refund",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 500,
                     *       "currency": "USD",
                     *       "status": "succeeded",
                     *       "reason": "requested_by_customer",
                     *       "approver": null,
                     *       "failure_reason": null,
                     *       "processor_reference": "re_3QxYz8a1b2c3",
                     *       "metadata": {},
                     *       "created": 1796212830,
                     *       "updated": 1796212831
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    approveRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "approver": "string"
                 *     }
                 */
                "application/json": {
                    approver: string;
                    reason?: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Refund */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "re_01jcy4p9r3t5v7x9z1b3d5f7h9",
                     *       "object": "refund",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 500,
                     *       "currency": "USD",
                     *       "status": "succeeded",
                     *       "reason": "requested_by_customer",
                     *       "approver": null,
                     *       "failure_reason": null,
                     *       "processor_reference": "re_3QxYz8a1b2c3",
                     *       "metadata": {},
                     *       "created": 1796212830,
                     *       "updated": 1796212831
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
            503: components["responses"]["Error503"];
        };
    };
    rejectRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "approver": "string"
                 *     }
                 */
                "application/json": {
                    approver: string;
                    reason?: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The Refund */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "re_01jcy4p9r3t5v7x9z1b3d5f7h9",
                     *       "object": "refund",
                     *       "merchant": "m_demo",
                     *       "payment_intent": "pi_01jcy4p8zq3x5v7k9m2n4r6t8w",
                     *       "amount": 500,
                     *       "currency": "USD",
                     *       "status": "succeeded",
                     *       "reason": "requested_by_customer",
                     *       "approver": null,
                     *       "failure_reason": null,
                     *       "processor_reference": "re_3QxYz8a1b2c3",
                     *       "metadata": {},
                     *       "created": 1796212830,
                     *       "updated": 1796212831
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listSettlementDays: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of settlement days */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "object": "settlement_day",
                     *           "date": "2026-12-02",
                     *           "bank_file": null,
                     *           "payouts_file": null,
                     *           "report_file": null,
                     *           "payouts": null,
                     *           "settled_at": null,
                     *           "reconciliation": null
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["SettlementDayList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveSettlementDay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The settlement day and its report (null before reconciliation) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "settlement_day",
                     *       "date": "2026-12-02",
                     *       "bank_file": null,
                     *       "payouts_file": null,
                     *       "report_file": null,
                     *       "payouts": null,
                     *       "settled_at": null,
                     *       "reconciliation": null,
                     *       "report": null
                     *     }
                     */
                    "application/json": components["schemas"]["SettlementDayWithReport"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                limit?: number;
                starting_after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description A list of webhook endpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *           "object": "webhook_endpoint",
                     *           "url": "https://merchant.example/webhooks/payrail",
                     *           "enabled_events": [
                     *             "payment_intent.captured",
                     *             "refund.*"
                     *           ],
                     *           "description": null,
                     *           "status": "enabled",
                     *           "disabled_reason": null,
                     *           "api_version": "2026-11-01",
                     *           "dialect": "payrail",
                     *           "livemode": false,
                     *           "secrets": [
                     *             {
                     *               "id": "sec_2",
                     *               "created": 1796216400,
                     *               "expires_at": null,
                     *               "status": "active"
                     *             },
                     *             {
                     *               "id": "sec_1",
                     *               "created": 1796212800,
                     *               "expires_at": 1796302800,
                     *               "status": "expiring"
                     *             }
                     *           ],
                     *           "created": 1796212800
                     *         }
                     *       ],
                     *       "has_more": false,
                     *       "url": "string"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointList"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://shop.example/hooks/payrail",
                 *       "enabled_events": [
                 *         "payment_intent.*",
                 *         "refund.succeeded"
                 *       ],
                 *       "description": "orders"
                 *     }
                 */
                "application/json": {
                    description?: string | null;
                    /**
                     * @description event types to send: '*', a domain such as 'refund.*', or exact types such as 'payment_intent.captured'
                     * @example [
                     *       "payment_intent.captured",
                     *       "refund.*"
                     *     ]
                     */
                    enabled_events: string[];
                    /**
                     * @description where events are POSTed: an absolute http(s) URL
                     * @example https://merchant.example/webhooks/payrail
                     */
                    url: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The webhook endpoint and its signing secret, shown this once */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://merchant.example/webhooks/payrail",
                     *       "enabled_events": [
                     *         "payment_intent.captured",
                     *         "refund.*"
                     *       ],
                     *       "description": null,
                     *       "status": "enabled",
                     *       "disabled_reason": null,
                     *       "api_version": "2026-11-01",
                     *       "dialect": "payrail",
                     *       "livemode": false,
                     *       "secrets": [
                     *         {
                     *           "id": "sec_2",
                     *           "created": 1796216400,
                     *           "expires_at": null,
                     *           "status": "active"
                     *         },
                     *         {
                     *           "id": "sec_1",
                     *           "created": 1796212800,
                     *           "expires_at": 1796302800,
                     *           "status": "expiring"
                     *         }
                     *       ],
                     *       "created": 1796212800,
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    retrieveWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The WebhookEndpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://merchant.example/webhooks/payrail",
                     *       "enabled_events": [
                     *         "payment_intent.captured",
                     *         "refund.*"
                     *       ],
                     *       "description": null,
                     *       "status": "enabled",
                     *       "disabled_reason": null,
                     *       "api_version": "2026-11-01",
                     *       "dialect": "payrail",
                     *       "livemode": false,
                     *       "secrets": [
                     *         {
                     *           "id": "sec_2",
                     *           "created": 1796216400,
                     *           "expires_at": null,
                     *           "status": "active"
                     *         },
                     *         {
                     *           "id": "sec_1",
                     *           "created": 1796212800,
                     *           "expires_at": 1796302800,
                     *           "status": "expiring"
                     *         }
                     *       ],
                     *       "created": 1796212800
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": {
                    description?: string | null;
                    /** @description true stops deliveries; false resumes them (also after a 410 Gone) */
                    disabled?: boolean;
                    /**
                     * @description event types to send: '*', a domain such as 'refund.*', or exact types such as 'payment_intent.captured'
                     * @example [
                     *       "payment_intent.captured",
                     *       "refund.*"
                     *     ]
                     */
                    enabled_events?: string[];
                    /**
                     * @description where events are POSTed: an absolute http(s) URL
                     * @example https://merchant.example/webhooks/payrail
                     */
                    url?: string;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The WebhookEndpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://merchant.example/webhooks/payrail",
                     *       "enabled_events": [
                     *         "payment_intent.captured",
                     *         "refund.*"
                     *       ],
                     *       "description": null,
                     *       "status": "enabled",
                     *       "disabled_reason": null,
                     *       "api_version": "2026-11-01",
                     *       "dialect": "payrail",
                     *       "livemode": false,
                     *       "secrets": [
                     *         {
                     *           "id": "sec_2",
                     *           "created": 1796216400,
                     *           "expires_at": null,
                     *           "status": "active"
                     *         },
                     *         {
                     *           "id": "sec_1",
                     *           "created": 1796212800,
                     *           "expires_at": 1796302800,
                     *           "status": "expiring"
                     *         }
                     *       ],
                     *       "created": 1796212800
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description {id, object, deleted: true} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "string",
                     *       "object": "webhook_endpoint",
                     *       "deleted": true
                     *     }
                     */
                    "application/json": components["schemas"]["DeletedWebhookEndpoint"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    rotateWebhookEndpointSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body within 24 h answer the first response byte for byte (Idempotent-Replayed: true) */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": {
                    /** @description how long the previous secret keeps signing; default WEBHOOK_ROTATION_GRACE_MS (24 h) */
                    expires_in_ms?: number;
                };
            };
        };
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description The WebhookEndpointWithSecret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_01jcy4pc3e5g7j9k1m3p5r7t9v",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://merchant.example/webhooks/payrail",
                     *       "enabled_events": [
                     *         "payment_intent.captured",
                     *         "refund.*"
                     *       ],
                     *       "description": null,
                     *       "status": "enabled",
                     *       "disabled_reason": null,
                     *       "api_version": "2026-11-01",
                     *       "dialect": "payrail",
                     *       "livemode": false,
                     *       "secrets": [
                     *         {
                     *           "id": "sec_2",
                     *           "created": 1796216400,
                     *           "expires_at": null,
                     *           "status": "active"
                     *         },
                     *         {
                     *           "id": "sec_1",
                     *           "created": 1796212800,
                     *           "expires_at": 1796302800,
                     *           "status": "expiring"
                     *         }
                     *       ],
                     *       "created": 1796212800,
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            400: components["responses"]["Error400"];
            401: components["responses"]["Error401"];
            403: components["responses"]["Error403"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            409: components["responses"]["Error409"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            422: components["responses"]["Error422"];
            429: components["responses"]["Error429"];
            431: components["responses"]["Error431"];
        };
    };
    receiveProcessorWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            "5XX": components["responses"]["Error5XX"];
            /** @description Received: providerA gets {"received": true}; providerB the text [accepted] (text/plain), as Adyen expects */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true
                     *     }
                     */
                    "application/json": components["schemas"]["ProviderWebhookReceipt"];
                    /** @example [accepted] */
                    "text/plain": "[accepted]";
                };
            };
            400: components["responses"]["Error400"];
            404: components["responses"]["Error404"];
            405: components["responses"]["Error405"];
            408: components["responses"]["Error408"];
            413: components["responses"]["Error413"];
            415: components["responses"]["Error415"];
            417: components["responses"]["Error417"];
            431: components["responses"]["Error431"];
        };
    };
}
