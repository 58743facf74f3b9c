'use strict';
// Runs requests through Cube's Druid driver (@cubejs-backend/druid-driver, as Cube itself uses it) against the
// server at the URL given as the first argument. The requests come as a JSON array on stdin:
//   {"name": "...", "call": "query" | "downloadQueryResults", "sql": "...", "params": [...]}
//   {"name": "...", "call": "tablesSchema"}
//   {"name": "...", "call": "getTablesQuery", "schema": "druid"}
// and each answer is one JSON line on stdout, in order: {"name", "sent": [every SQL statement the driver posted],
// "result"} or {"name", "sent", "error"}. NodeDruidClientTest runs it; `npm ci` in this directory installs the driver.

let DruidDriver;
try
{
    ({ DruidDriver } = require('@cubejs-backend/druid-driver'));
}
catch (e)
{
    process.stderr.write(`Cube's Druid driver is not installed (${e.message}): run ` +
        '`npm ci --prefix server/src/test/node/druid-client --ignore-scripts` from the repository root\n');
    process.exit(3);
}

async function readStdin()
{
    const chunks = [];
    for await (const chunk of process.stdin)
    {
        chunks.push(chunk);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function run(driver, request)
{
    switch (request.call)
    {
        case 'query':
            return driver.query(request.sql, request.params || []);
        case 'downloadQueryResults':
            return driver.downloadQueryResults(request.sql, request.params || [], {});
        case 'tablesSchema':
            return driver.tablesSchema();
        case 'getTablesQuery':
            return driver.getTablesQuery(request.schema);
        default:
            throw new Error(`unknown call[${request.call}]`);
    }
}

async function main()
{
    const url = process.argv[2];
    if (!url)
    {
        throw new Error('usage: node cube-druid.js SERVER_URL < requests.json');
    }
    const requests = await readStdin();
    const driver = new DruidDriver({ url });
    // Records the statements the driver itself sends, so a failure can name them.
    let sent = [];
    const query = driver.client.query.bind(driver.client);
    driver.client.query = (sql, parameters) =>
    {
        sent.push(sql);
        return query(sql, parameters);
    };
    for (const request of requests)
    {
        sent = [];
        let answer;
        try
        {
            answer = { name: request.name, sent, result: await run(driver, request) };
        }
        catch (e)
        {
            answer = { name: request.name, sent, error: String(e && e.message ? e.message : e) };
        }
        process.stdout.write(JSON.stringify(answer) + '\n');
    }
    await driver.release();
}

main().catch((e) =>
{
    process.stderr.write(`${e.stack || e}\n`);
    process.exit(1);
});
