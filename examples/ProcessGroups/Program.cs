Console.WriteLine("Not implemented yet.");
