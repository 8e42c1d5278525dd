console.log("db:generate placeholder")
